/** Route metadata read by the guards (kept apart so guards and decorators do not import each other). */
export const ROLES_KEY = 'cria:roles';
export const ALLOW_QUERY_TOKEN_KEY = 'cria:allow-query-token';

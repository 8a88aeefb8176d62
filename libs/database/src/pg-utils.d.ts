/** node-postgres's own parameter serializer (public under `pg/lib/*`, untyped by @types/pg). */
declare module 'pg/lib/utils' {
  /** A query parameter as pg sends it: text (arrays as array literals, objects as JSON), a Buffer, or null. */
  export function prepareValue(value: unknown): string | Buffer | null;
}

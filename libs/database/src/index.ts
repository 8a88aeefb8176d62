export * from './naming.strategy';
export * from './data-source.options';
export * from './database.module';
export * from './migrate';
export * from './hydrate';
export * from './prepared-query';

export * from './tenant-context';
export * from './tenant-db';
export * from './tenant.entity';
export * from './tenancy.module';

import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Turns a raw row (`RETURNING *` of a hand-written statement) into an entity, with column transformers
 * applied, so an upsert does not need a second round trip to read back what it wrote.
 */
export function hydrate<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const metadata = manager.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) continue;
    let value = row[column.databaseName];
    const transformer = column.transformer;
    if (transformer && !Array.isArray(transformer)) value = transformer.from(value);
    (entity as Record<string, unknown>)[column.propertyName] = value;
  }
  return entity;
}

import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

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

/** Select lists already built, per entity and alias (hot statements build theirs on every call). */
const selectLists = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * The select list of an entity's columns under `alias`, each named `alias__column`, so one statement can
 * read several entities joined together; {@link hydratePrefixed} takes them back apart.
 */
export function prefixedColumns(
  manager: EntityManager,
  target: EntityTarget<ObjectLiteral>,
  alias: string,
): string {
  const metadata = manager.connection.getMetadata(target);
  let byAlias = selectLists.get(metadata);
  if (!byAlias) selectLists.set(metadata, (byAlias = new Map<string, string>()));
  let list = byAlias.get(alias);
  if (list === undefined) {
    list = metadata.columns
      .map((column) => `${alias}."${column.databaseName}" AS "${alias}__${column.databaseName}"`)
      .join(', ');
    byAlias.set(alias, list);
  }
  return list;
}

/** The entity whose columns {@link prefixedColumns} selected under `alias`. */
export function hydratePrefixed<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  alias: string,
  row: Record<string, unknown>,
): T {
  const prefix = `${alias}__`;
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    if (key.startsWith(prefix)) own[key.slice(prefix.length)] = value;
  return hydrate(manager, target, own);
}

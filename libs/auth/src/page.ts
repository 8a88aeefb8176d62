import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationException } from '@cria/core';

/**
 * Cursor pagination shared by every list of the admin API: `?limit=&cursor=` → `{ items, nextCursor }`.
 * A cursor is the sort key of the last item of a page (opaque base64url JSON), so pages stay stable while
 * rows are added; `nextCursor` is null on the last page.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class InvalidCursorException extends ValidationException {
  constructor() {
    super('cursor is not valid: pass the nextCursor of a previous page unchanged', {
      cursor: ['cursor is not valid'],
    });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A timestamptz as Postgres prints it (`created_at::text`): microseconds survive the round trip. */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decode(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InvalidCursorException();
}

/** A cursor made of named string fields (for lists not sorted by a database column). */
export function decodeCursorFields<K extends string>(
  cursor: string | undefined,
  keys: readonly K[],
): Record<K, string> | null {
  if (cursor === undefined) return null;
  const value = decode(cursor);
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const field = value[key];
    if (typeof field !== 'string' || field.length > 200) throw new InvalidCursorException();
    out[key] = field;
  }
  return out;
}

/** A (timestamp, id) position: for lists sorted by a time column, ties broken by id. */
export interface TimeCursor {
  at: string;
  id: string;
}

export function decodeTimeCursor(cursor: string | undefined): TimeCursor | null {
  if (cursor === undefined) return null;
  const { at, id } = decode(cursor);
  if (typeof at !== 'string' || !PG_TIMESTAMP.test(at) || !isUuid(id)) throw new InvalidCursorException();
  return { at, id };
}

/** A position in a list sorted by an integer (identity ids, version numbers). */
export function decodeNumberCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const { n } = decode(cursor);
  if (typeof n !== 'string' || !/^\d{1,19}$/.test(n)) throw new InvalidCursorException();
  return n;
}

/**
 * Builds a page from rows fetched with `LIMIT limit + 1`: the extra row only tells that another page
 * exists, and the cursor is the key of the last row returned.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => Record<string, string>,
  map: (row: Row) => Item,
): Page<Item> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return {
    items: kept.map(map),
    nextCursor: more && kept.length > 0 ? encodeCursor(cursorOf(kept[kept.length - 1])) : null,
  };
}

export function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

/** WHERE clauses with numbered parameters, for the list queries' optional filters. */
export class SqlConditions {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** Adds a parameter and returns its placeholder ($1, $2…). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** The explicit tenant filter every list carries (row-level security is the backstop behind it). */
  tenant(column: string, tenantId: string): this {
    return this.add(`${column} = ${this.param(tenantId)}::uuid`);
  }

  add(condition: string): this {
    this.parts.push(condition);
    return this;
  }

  /** `(col, id) < (cursor)` for a descending (time, id) order. */
  before(timeColumn: string, idColumn: string, cursor: TimeCursor | null): this {
    if (cursor)
      this.add(
        `(${timeColumn}, ${idColumn}) < (${this.param(cursor.at)}::timestamptz, ${this.param(cursor.id)}::uuid)`,
      );
    return this;
  }

  /** `(col, id) > (cursor)` for an ascending (time, id) order. */
  after(timeColumn: string, idColumn: string, cursor: TimeCursor | null): this {
    if (cursor)
      this.add(
        `(${timeColumn}, ${idColumn}) > (${this.param(cursor.at)}::timestamptz, ${this.param(cursor.id)}::uuid)`,
      );
    return this;
  }

  get where(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

import { parse } from 'csv-parse/sync';
import { ExtractionException } from '../knowledge.exceptions';
import { cleanText, type Block } from './block';

/** CSV with a header row: each row becomes one passage "column: value; column: value" (empty cells left out). */
export function extractCsv(bytes: Buffer): Block[] {
  let records: Record<string, string>[];
  try {
    records = parse(bytes, {
      columns: (header: string[]) => header.map((name, index) => cleanText(name) || `column ${index + 1}`),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    throw new ExtractionException(
      `could not read CSV: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return records
    .map((record) =>
      Object.entries(record)
        .filter(([, value]) => typeof value === 'string' && value.trim() !== '')
        .map(([column, value]) => `${column}: ${cleanText(value)}`)
        .join('; '),
    )
    .filter(Boolean)
    .map((text) => ({ kind: 'row', text }));
}

/**
 * RFC 4180 CSV with the line each row starts on (for error messages): quoted fields, doubled
 * quotes, line breaks inside quotes, CRLF or LF.
 */
import { ImportError } from './common.ts';

export interface CsvRow {
  /** 1-based line the row starts on. */
  line: number;
  fields: string[];
}

/**
 * Splits CSV text into rows.
 *
 * @example parseCsv('a,"b ""c"""\n1,2', 'x.csv') // [{ line: 1, fields: ['a', 'b "c"'] }, { line: 2, fields: ['1', '2'] }]
 */
export function parseCsv(text: string, where: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (quoted)
    throw new ImportError(
      `import: ${where} line ${quoteLine}: a quoted field is never closed`,
      'error.import.csvQuote',
      { file: where, line: quoteLine },
    );
  if (field !== '' || fields.length) endRow();
  return rows;
}

/** Column positions by (case-insensitive) header name. */
export class CsvTable {
  private readonly index: Map<string, number>;
  constructor(
    readonly header: CsvRow,
    readonly rows: CsvRow[],
    private readonly where: string,
  ) {
    this.index = new Map(header.fields.map((name, i) => [name.trim().toLowerCase(), i]));
  }

  /** Throws naming the header line when a required column is missing. */
  require(...names: string[]): void {
    for (const name of names) {
      if (!this.index.has(name.toLowerCase())) {
        throw new ImportError(
          `import: ${this.where}: no "${name}" column in the header (line ${this.header.line})`,
          'error.import.csvColumn',
          { file: this.where, column: name, line: this.header.line },
        );
      }
    }
  }

  get(row: CsvRow, name: string): string {
    const i = this.index.get(name.toLowerCase());
    return i === undefined ? '' : (row.fields[i] ?? '').trim();
  }
}

/**
 * A table whose header is the first row starting with `firstColumn` (LinkedIn puts notes
 * above the header of Connections.csv).
 */
export function csvTable(text: string, where: string, firstColumn: string): CsvTable {
  const rows = parseCsv(text, where);
  const at = rows.findIndex((r) => r.fields[0]?.trim().toLowerCase() === firstColumn.toLowerCase());
  if (at < 0)
    throw new ImportError(
      `import: ${where}: no header row starting with "${firstColumn}"`,
      'error.import.csvHeader',
      { file: where, column: firstColumn },
    );
  return new CsvTable(rows[at]!, rows.slice(at + 1), where);
}

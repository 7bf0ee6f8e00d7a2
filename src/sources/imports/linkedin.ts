/**
 * LinkedIn "Get a copy of your data": `Shares.csv` (Date, ShareLink, ShareCommentary,
 * SharedUrl, MediaUrl, Visibility), `Connections.csv` (notes above its header: First Name,
 * Last Name, URL, Email Address, Company, Position, Connected On) and `messages.csv`
 * (CONVERSATION ID, … FROM, DATE, SUBJECT, CONTENT). Times are UTC.
 */
import type { ItemDraft } from '../../domain/types.ts';
import { escapeHtml, textToHtml } from '../../lib/escape-html.ts';
import {
  type ExportFile,
  ImportError,
  type ParsedExport,
  shortHash,
  textOf,
  uniqueIds,
  utcDateTime,
} from './common.ts';
import { type CsvRow, type CsvTable, csvTable } from './csv.ts';

const base = (path: string) => path.split('/').pop()?.toLowerCase() ?? '';
export const LINKEDIN_FILES = ['shares.csv', 'connections.csv', 'messages.csv'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function required(table: CsvTable, row: CsvRow, column: string, where: string): string {
  const value = table.get(row, column);
  if (!value)
    throw new ImportError(
      `import: linkedin ${where} line ${row.line}: "${column}" is empty`,
      'error.import.cellEmpty',
      { file: where, line: row.line, column },
    );
  return value;
}

function when(table: CsvTable, row: CsvRow, column: string, where: string): Date {
  const value = required(table, row, column, where);
  const date = utcDateTime(value) ?? connectedOn(value);
  if (!date)
    throw new ImportError(
      `import: linkedin ${where} line ${row.line}: "${column}" is not a date ("${value}")`,
      'error.import.cellDate',
      { file: where, line: row.line, column, value },
    );
  return date;
}

/** "04 Jan 2023" (Connections.csv). */
function connectedOn(value: string): Date | null {
  const m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(value);
  const month = m ? MONTHS.indexOf(m[2]!.toLowerCase()) : -1;
  return m && month >= 0 ? new Date(Date.UTC(+m[3]!, month, +m[1]!)) : null;
}

function shares(file: ExportFile): ItemDraft[] {
  const table = csvTable(textOf(file), `linkedin ${file.path}`, 'Date');
  table.require('Date', 'ShareLink', 'ShareCommentary');
  return table.rows.map((row) => {
    const link = required(table, row, 'ShareLink', file.path);
    const shared = table.get(row, 'SharedUrl');
    const mediaUrl = table.get(row, 'MediaUrl');
    const extra = [shared, mediaUrl]
      .filter(Boolean)
      .map((u) => `<p><a href="${escapeHtml(u)}">${escapeHtml(u)}</a></p>`);
    return {
      externalId: `share:${link}`,
      kind: 'post' as const,
      url: link,
      title: null,
      author: null,
      contentHtml: textToHtml(table.get(row, 'ShareCommentary')) + extra.join(''),
      summary: null,
      publishedAt: when(table, row, 'Date', file.path),
      baseUrl: null,
      extra: { import: 'linkedin', visibility: table.get(row, 'Visibility') || null },
    };
  });
}

function connections(file: ExportFile): ItemDraft[] {
  const table = csvTable(textOf(file), `linkedin ${file.path}`, 'First Name');
  table.require('First Name', 'Last Name', 'Connected On');
  return table.rows.map((row) => {
    const name = `${table.get(row, 'First Name')} ${table.get(row, 'Last Name')}`.trim();
    const url = table.get(row, 'URL') || null;
    const role = [table.get(row, 'Position'), table.get(row, 'Company')]
      .filter(Boolean)
      .join(' at ');
    const date = when(table, row, 'Connected On', file.path);
    return {
      externalId: `connection:${url ?? shortHash(name, date.getTime())}`,
      kind: 'post' as const,
      url,
      title: `Connected with ${name}`,
      author: name,
      contentHtml: role ? `<p>${escapeHtml(role)}</p>` : null,
      summary: null,
      publishedAt: date,
      baseUrl: null,
      extra: { import: 'linkedin', connection: true },
    };
  });
}

function messages(file: ExportFile): ItemDraft[] {
  const table = csvTable(textOf(file), `linkedin ${file.path}`, 'CONVERSATION ID');
  table.require('CONVERSATION ID', 'FROM', 'DATE', 'CONTENT');
  return table.rows.map((row) => {
    const conversation = required(table, row, 'CONVERSATION ID', file.path);
    const from = table.get(row, 'FROM');
    const content = table.get(row, 'CONTENT');
    const date = when(table, row, 'DATE', file.path);
    return {
      externalId: `message:${conversation}:${date.getTime()}:${shortHash(from, content)}`,
      kind: 'message' as const,
      url: null,
      title:
        table.get(row, 'CONVERSATION TITLE') ||
        table.get(row, 'SUBJECT') ||
        (from ? `From ${from}` : null),
      author: from || null,
      contentHtml: /^\s*</.test(content) ? content : textToHtml(content),
      summary: null,
      publishedAt: date,
      baseUrl: null,
      extra: { import: 'linkedin', conversation },
    };
  });
}

/**
 * The shares, connections and messages of a LinkedIn export.
 *
 * @example parseLinkedIn(files).drafts.length
 */
export function parseLinkedIn(files: ExportFile[]): ParsedExport {
  const drafts: ItemDraft[] = [];
  const used: string[] = [];
  for (const file of files) {
    const name = base(file.path);
    if (name === 'shares.csv') drafts.push(...shares(file));
    else if (name === 'connections.csv') drafts.push(...connections(file));
    else if (name === 'messages.csv') drafts.push(...messages(file));
    else continue;
    used.push(file.path);
  }
  if (used.length === 0)
    throw new ImportError(
      'import: linkedin: no Shares.csv, Connections.csv or messages.csv in the export',
      'error.import.missing',
      { platform: 'LinkedIn', files: 'Shares.csv, Connections.csv, messages.csv' },
    );
  return { kind: 'linkedin', drafts: uniqueIds(drafts), files: used };
}

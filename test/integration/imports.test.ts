import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { listItemViews } from '../../src/services/items/items.ts';
import { searchItems } from '../../src/services/items/search.ts';
import { type ImportProgress, importExport } from '../../src/services/sources/imports.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { exportFiles } from '../helpers/exports.ts';

/** A sample export folder as the ZIP the platform would hand out, streamed in small chunks. */
function zipped(folder: string): Uint8Array {
  return zipSync(Object.fromEntries(exportFiles(folder).map((f) => [f.path, f.data])));
}

async function* chunks(bytes: Uint8Array, size = 1024): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe.each(DIALECTS)('importing data exports on %s', (dialect) => {
  let t: TestApp;
  let userId: number;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it.each([
    ['x', 'x', 2],
    ['linkedin', 'linkedin', 6],
    ['facebook', 'facebook', 5],
    ['instagram', 'instagram', 4],
    ['snapchat', 'snapchat', 3],
  ])(
    'imports the %s ZIP (kind sniffed) and adds nothing the second time',
    async (folder, kind, count) => {
      const bytes = zipped(folder);
      const progress: ImportProgress[] = [];
      const first = await importExport(t.app, userId, `${folder}.zip`, chunks(bytes), {
        size: bytes.length,
        onProgress: (p) => progress.push(p),
      });
      expect(first).toMatchObject({ kind, found: count, added: count, unchanged: 0 });
      expect(progress.some((p) => p.phase === 'reading' && p.done === bytes.length)).toBe(true);
      expect(progress.at(-1)).toEqual({ phase: 'storing', done: count, total: count });
      const again = await importExport(t.app, userId, `${folder}.zip`, chunks(bytes));
      expect(again).toMatchObject({ sourceId: first.sourceId, added: 0, unchanged: count });
      const items = await listItemViews(t.app, userId, { sourceId: first.sourceId, limit: 100 });
      expect(items).toHaveLength(count);
      expect(
        items.every(
          (i) =>
            i.sourceKind === 'import' &&
            !i.wouldPush &&
            (i.kind === 'post' || i.kind === 'message'),
        ),
      ).toBe(true);
    },
  );

  it('imports a single WhatsApp .txt with --tz, its chat named from the file', async () => {
    const file = exportFiles('whatsapp').find((f) => f.path.startsWith('WhatsApp'))!;
    const result = await importExport(t.app, userId, file.path, chunks(file.data), {
      tz: 'Europe/Berlin',
    });
    expect(result).toMatchObject({ kind: 'whatsapp', sourceName: 'WhatsApp chats', added: 5 });
    const items = await listItemViews(t.app, userId, { sourceId: result.sourceId, limit: 10 });
    expect(
      items.find((i) => i.author === 'Jane Doe' && i.contentHtml?.includes('Almost there'))
        ?.publishedAt,
    ).toBe('2023-12-31T22:59:00.000Z');
  });

  it('makes imported items searchable', async () => {
    const hits = await searchItems(t.app, userId, 'Göteborg');
    expect(hits.map((h) => h.source_kind)).toContain('import');
  });

  it('refuses a wrong kind, an unknown zone and unreadable input with a clear message', async () => {
    const x = zipped('x');
    await expect(
      importExport(t.app, userId, 'x.zip', chunks(x), { kind: 'snapchat' }),
    ).rejects.toThrow('import: snapchat: no chat_history.json in the export');
    await expect(
      importExport(t.app, userId, 'x.zip', chunks(x), { tz: 'Mars/Olympus' }),
    ).rejects.toThrow('is not a time zone');
    await expect(
      importExport(t.app, userId, 'empty.txt', chunks(new Uint8Array(0))),
    ).rejects.toThrow('import: empty.txt is empty');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/domain/errors.ts';
import { prepareDraft } from '../../src/pipeline/prepare.ts';
import { parseOpml } from '../../src/sources/feed/opml.ts';
import type { ExportFile } from '../../src/sources/imports/common.ts';
import { parseExport } from '../../src/sources/imports/index.ts';
import { parseMessage } from '../../src/sources/mail/parse-message.ts';
import { exportFiles } from '../helpers/exports.ts';
import {
  fixture,
  isValidOrNull,
  markupish,
  mutated,
  params,
  parsesOrTypedError,
  parsesOrTypedErrorAsync,
  TIMEOUT,
} from './fuzz.ts';

describe('OPML, mail and exports, property-based', () => {
  it.each(['opml-go/feedly.opml', 'netnewswire/Subs.opml', 'node-opmlparser/categories.opml'])(
    'a mutated OPML file (%s) gives feeds with URLs and line numbers, never a crash',
    (path) => {
      fc.assert(
        fc.property(mutated(fixture(`opml/${path}`)), (bytes) => {
          const doc = parseOpml(bytes);
          for (const feed of doc.feeds) {
            expect(feed.xmlUrl.trim().length).toBeGreaterThan(0);
            expect(feed.line).toBeGreaterThanOrEqual(1);
          }
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    'random markup is read as OPML without throwing',
    () => {
      fc.assert(
        fc.property(markupish, (text) => {
          expect(Array.isArray(parseOpml(`<opml><body>${text}`).feeds)).toBe(true);
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it.each([
    'email/own/list-id-weekly.eml',
    'email/own/one-click.eml',
    'email/own/no-message-id.eml',
  ])(
    'a mutated message (%s) becomes a storable newsletter draft, or a typed error',
    async (path) => {
      await fc.assert(
        fc.asyncProperty(mutated(fixture(path)), async (bytes) => {
          const parsed = await parsesOrTypedErrorAsync(() =>
            parseMessage(bytes, { receivedAt: new Date('2026-03-02T07:00:00Z') }),
          );
          if (parsed instanceof CheckpointError) return;
          expect(isValidOrNull(parsed.draft.publishedAt)).toBe(true);
          expect(parsed.draft.externalId.length).toBeGreaterThan(0);
          const prepared = prepareDraft(parsed.draft);
          expect(prepared.contentHtml ?? '').not.toMatch(/<script/i);
        }),
        params(0.5),
      );
    },
    TIMEOUT,
  );

  /** Each sample export with one of its files mutated. */
  const exports = [
    'x',
    'linkedin',
    'facebook',
    'instagram',
    'whatsapp',
    'snapchat',
    'snapchat-2020',
  ];
  it.each(exports)(
    'a %s export with a mutated file parses or fails with a typed error',
    (folder) => {
      const files = exportFiles(folder);
      const target = fc.nat({ max: files.length - 1 });
      fc.assert(
        fc.property(
          target.chain((i) => mutated(Buffer.from(files[i]!.data)).map((data) => ({ i, data }))),
          ({ i, data }) => {
            const changed: ExportFile[] = files.map((f, j) => (j === i ? { ...f, data } : f));
            const result = parsesOrTypedError(() => parseExport(changed));
            if (result instanceof CheckpointError) return;
            for (const draft of result.drafts) expect(isValidOrNull(draft.publishedAt)).toBe(true);
          },
        ),
        params(0.5),
      );
    },
    TIMEOUT,
  );
});

/**
 * The world of test/e2e/first-day.test.ts on top of `startE2e`: a fixture OPML with two folders
 * whose feeds carry old posts only (the feed corpus's Scripting News of 2017, whose items differ
 * only by #fragment, and eight essays of 2016–2021), an ntfy server on 127.0.0.1 that records
 * what it is sent, an intake token, and the database questions the test asks.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createIntakeToken } from '../../src/services/intake/intake-tokens.ts';
import { type E2e, startE2e } from './e2e.ts';
import { rss } from './feeds.ts';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));
const OPML = fixture('opml/checkpoint/first-day.opml').toString('utf8');
const SCRIPTING = fixture('feeds/netnewswire/scriptingNews.rss');

/** Eight essays, one every nine months from January 2016: all older than a week. */
export const LETTERS = Array.from({ length: 8 }, (_, i) => ({
  guid: `letter-${i}`,
  title: `Slow letter ${i + 1}`,
  link: `https://letters.example/${i + 1}`,
  date: new Date(Date.UTC(2016, i * 9, 15, 9)).toUTCString(),
}));

export interface FirstDay {
  e: E2e;
  /** The OPML file with the fixture site's origin filled in. */
  opml: Buffer;
  /** What the ntfy server on 127.0.0.1 (`ntfyUrl`) received: `title|body` per publish. */
  delivered: string[];
  ntfyUrl: string;
  /** An ntfy publish to the app's intake with a new token, as the docs' curl example sends it. */
  push(topic: string, title: string, priority: string): Promise<void>;
  sourceId(name: string): Promise<number>;
  /** How many items a source (by name) has. */
  itemCount(name: string): Promise<number>;
  /** Titles of the items neither dismissed nor seen at a checkpoint. */
  heldTitles(): Promise<string[]>;
  /** On the ledger page: the newest day's cell of the column with this header. */
  ledgerCell(header: string): Promise<string | null>;
}

/** Starts the e2e world with the first day's feeds and ntfy server. */
export async function startFirstDay(): Promise<FirstDay> {
  const e = await startE2e();
  e.browser.context.setDefaultTimeout(10_000);
  const delivered: string[] = [];
  e.site.route('/feeds/scripting.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(SCRIPTING);
  });
  e.site.route('/feeds/letters.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(rss('Slow Letters', LETTERS, 'https://letters.example/'));
  });
  e.site.route('/ntfy/alarms', async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    delivered.push(`${req.headers.title ?? ''}|${body}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}');
  });
  const db = e.app.db.kysely;
  let token = '';
  return {
    e,
    opml: Buffer.from(OPML.replaceAll('{{SITE}}', e.site.url)),
    delivered,
    ntfyUrl: e.site.urlFor('/ntfy/alarms'),
    async push(topic, title, priority) {
      token ||= (await createIntakeToken(e.app, (await e.user()).id, 'phone')).token;
      const response = await fetch(`${e.url}/intake/ntfy/${topic}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, title, priority },
        body: `${title}: see the dashboard`,
      });
      expect(response.status).toBe(200);
    },
    async sourceId(name) {
      return (
        await db
          .selectFrom('sources')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).id;
    },
    async itemCount(name) {
      const row = await db
        .selectFrom('items')
        .innerJoin('sources', 'sources.id', 'items.source_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sources.name', '=', name)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async heldTitles() {
      const rows = await db
        .selectFrom('items')
        .select('title')
        .where('dismissed_at', 'is', null)
        .where('seen_checkpoint_id', 'is', null)
        .execute();
      return rows.map((r) => r.title ?? '');
    },
    async ledgerCell(header) {
      const headers = await e.page.locator('table.ledger th').allTextContents();
      const row = e.page.locator('table.ledger tbody tr').first();
      return await row.locator('td').nth(headers.indexOf(header)).textContent();
    },
  };
}

import type { UserRow } from '../db/schema.ts';
import { localTime } from '../domain/schedule.ts';
import { escapeHtml } from '../lib/escape-html.ts';
import type { App } from '../services/app.ts';
import {
  type CheckpointView,
  checkpointDigest,
  listCheckpoints,
} from '../services/checkpoints/checkpoints.ts';
import { alsoFromText, type DigestLine, groupBySource, linkable, readingMinutes } from './html.ts';

/** One Atom 1.0 entry (RFC 4287 §4.1.2), already in words. */
export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  published: Date | null;
  link: string;
  summary: string;
  /** HTML; written as `type="html"` (escaped), so it stays inert text to XML tools. */
  contentHtml: string;
}

/** An Atom 1.0 feed document (RFC 4287 §4.1.1). */
export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  selfUrl: string;
  siteUrl: string;
  updated: Date;
  entries: AtomEntry[];
}

/** A checkpoint with its digest lines, as the feed shows it. */
export interface FeedCheckpoint {
  checkpoint: CheckpointView;
  items: (DigestLine & { id: number })[];
}

// XML 1.0 §2.2: characters outside Char (C0 controls, lone surrogates, U+FFFE/U+FFFF) make
// the document ill-formed, and items from outside may carry them.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML content and attributes, dropping characters XML cannot carry. */
function xml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * A `tag:` URI (RFC 4151) under the base URL's host: stable for as long as the host stays.
 *
 * @example tagUri('https://cp.example.org', new Date('2026-03-02T12:30:00Z'), 'checkpoint:7')
 * // 'tag:cp.example.org,2026-03-02:checkpoint:7'
 */
export function tagUri(baseUrl: string, date: Date, specific: string): string {
  const host = new URL(baseUrl).hostname;
  // RFC 4151 needs a DNS name as the authority; IPv6 literals cannot be one.
  const authority = /^[a-z0-9.-]+$/i.test(host) ? host.toLowerCase() : 'checkpoint.invalid';
  return `tag:${authority},${date.toISOString().slice(0, 10)}:${specific}`;
}

/**
 * Renders a feed as an Atom 1.0 document (UTF-8).
 *
 * @example renderAtom({ id, title: 'Checkpoints', subtitle: '', selfUrl, siteUrl, updated, entries: [] })
 */
export function renderAtom(feed: AtomFeed): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(feed.id)}</id>`,
    `  <title type="text">${xml(feed.title)}</title>`,
    `  <subtitle type="text">${xml(feed.subtitle)}</subtitle>`,
    `  <updated>${feed.updated.toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(feed.siteUrl)}"/>`,
    '  <author><name>Checkpoint</name></author>',
    '  <generator version="0.1.0">Checkpoint</generator>',
  ];
  for (const entry of feed.entries) {
    out.push(
      '  <entry>',
      `    <id>${xml(entry.id)}</id>`,
      `    <title type="text">${xml(entry.title)}</title>`,
      `    <updated>${entry.updated.toISOString()}</updated>`,
      ...(entry.published ? [`    <published>${entry.published.toISOString()}</published>`] : []),
      `    <link rel="alternate" type="text/html" href="${xml(entry.link)}"/>`,
      `    <summary type="text">${xml(entry.summary)}</summary>`,
      `    <content type="html">${xml(entry.contentHtml)}</content>`,
      '  </entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}

/** "23 items, ~14 min" */
export function digestSize(itemCount: number, totalSeconds: number): string {
  return `${itemCount} item${itemCount === 1 ? '' : 's'}, ~${readingMinutes(totalSeconds)}`;
}

/**
 * One checkpoint as an entry: title "Checkpoint of 12:30 — 23 items, ~14 min" (local time of
 * the user), content an HTML list of the digest grouped by source, with links.
 */
export function checkpointEntry(cp: FeedCheckpoint, tz: string, baseUrl: string): AtomEntry {
  const { checkpoint } = cp;
  const due = new Date(checkpoint.dueAt);
  const size = digestSize(checkpoint.itemCount, checkpoint.totalSeconds);
  // The web app's checkpoint page; `id` keeps each entry's link distinct.
  const page = `${baseUrl}/checkpoint?id=${checkpoint.id}`;
  const groups = groupBySource(cp.items);
  const html = [
    `<p>${escapeHtml(size)} · <a href="${escapeHtml(page)}">open in Checkpoint</a></p>`,
  ];
  for (const [source, list] of groups) {
    html.push(`<h3>${escapeHtml(source)}</h3>`, '<ul>');
    for (const item of list) {
      const href = linkable(item.url) ?? `${baseUrl}/items/${item.id}`;
      const title = escapeHtml(item.title ?? '(no title)');
      const note = `${readingMinutes(item.readingSeconds)}${alsoFromText(item)}`;
      html.push(`<li><a href="${escapeHtml(href)}">${title}</a> · ${escapeHtml(note)}</li>`);
    }
    html.push('</ul>');
  }
  const more = checkpoint.overflow.map((o) => `+${o.count} more from ${o.sourceName}`);
  if (checkpoint.laterCount) more.push(`${checkpoint.laterCount} waiting for later`);
  if (more.length) html.push(`<p>${escapeHtml(more.join(' · '))}</p>`);
  return {
    id: tagUri(baseUrl, due, `checkpoint:${checkpoint.id}`),
    title: `Checkpoint of ${localTime(due, tz)} — ${size}`,
    updated: new Date(checkpoint.builtAt ?? checkpoint.dueAt),
    published: due,
    link: page,
    summary: `${size}: ${[...groups].map(([source, list]) => `${source} (${list.length})`).join(', ')}`,
    contentHtml: html.join('\n'),
  };
}

/**
 * The user's private feed: their most recent non-empty checkpoints, newest first. Reading it
 * does not count as opening a checkpoint.
 *
 * @example const xml = await checkpointsAtom(app, user, 'https://cp.example.org/feeds/checkpoints/cpf_….atom');
 */
export async function checkpointsAtom(
  app: App,
  user: Pick<UserRow, 'id' | 'tz' | 'created_at'>,
  selfUrl: string,
  limit = 20,
): Promise<string> {
  const baseUrl = app.config.baseUrl.replace(/\/+$/, '');
  const checkpoints = await listCheckpoints(app, user.id, limit, { nonEmpty: true });
  const entries: AtomEntry[] = [];
  for (const checkpoint of checkpoints) {
    const { items } = await checkpointDigest(app, user, checkpoint.id, { open: false });
    entries.push(checkpointEntry({ checkpoint, items }, user.tz, baseUrl));
  }
  const updated = new Date(Math.max(user.created_at, ...entries.map((e) => e.updated.getTime())));
  return renderAtom({
    id: tagUri(baseUrl, new Date(user.created_at), `checkpoints:user:${user.id}`),
    title: 'Checkpoint — your checkpoints',
    subtitle: 'Each entry is one checkpoint: the digest that was waiting for you then.',
    selfUrl,
    siteUrl: `${baseUrl}/checkpoint`,
    updated,
    entries,
  });
}

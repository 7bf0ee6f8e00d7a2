import type { Mail } from '../delivery/email.ts';
import {
  alsoFromText,
  escapeHtml,
  groupBySource,
  linkable,
  readingMinutes,
} from '../delivery/html.ts';
import type { Notice } from '../delivery/notice.ts';
import type { CheckpointView, DigestItem } from './checkpoints.ts';

// Colours that read on a white and on a dark background alike, because some mail clients
// invert or replace backgrounds in dark mode and ignore <style>: no background is set, text
// uses the client's own colour, and the secondary grey and link blue keep contrast on both.
const MUTED = 'color:#6b7280';
const LINK = 'color:#2563eb';
const WHY = 'You get this because e-mail is one of your checkpoint notices (see your schedule).';

function htmlLine(item: DigestItem, baseUrl: string): string {
  const title = escapeHtml(item.title ?? '(no title)');
  const href = linkable(item.url) ?? `${baseUrl}/items/${item.id}`;
  const note = escapeHtml(`${readingMinutes(item.readingSeconds)}${alsoFromText(item)}`);
  return `<li style="margin:0 0 10px"><a href="${escapeHtml(href)}" style="${LINK};text-decoration:none;font-weight:600">${title}</a> <span style="${MUTED};font-size:13px">· ${note}</span></li>`;
}

function moreLine(checkpoint: CheckpointView): string | null {
  const parts = checkpoint.overflow.map((o) => `+${o.count} more from ${o.sourceName}`);
  if (checkpoint.laterCount) parts.push(`${checkpoint.laterCount} waiting for later`);
  return parts.length ? parts.join(' · ') : null;
}

/**
 * The digest e-mail of a checkpoint: an HTML part (inline styles only, no remote images, no
 * fixed background so dark mode works) and a plain-text part, grouped by source, with
 * reading times and links. Every outside string is escaped; only http(s) links are kept.
 *
 * @example await mailer.send(digestMail('me@example.org', notice, view, items, baseUrl));
 */
export function digestMail(
  to: string,
  notice: Notice,
  checkpoint: CheckpointView,
  items: DigestItem[],
  baseUrl: string,
): Mail {
  const open = `${baseUrl}/checkpoint`;
  const later = `${baseUrl}/later`;
  const more = moreLine(checkpoint);
  const text: string[] = [`${notice.title} — ${notice.body}`, `Open: ${open}`, ''];
  const html: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">',
    `<title>${escapeHtml(notice.title)}</title></head>`,
    '<body style="margin:0;padding:16px;font-family:system-ui,-apple-system,\'Segoe UI\',Roboto,sans-serif;font-size:15px;line-height:1.45">',
    '<div style="max-width:640px;margin:0 auto">',
    `<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(notice.title)}</h1>`,
    `<p style="${MUTED};margin:0 0 16px">${escapeHtml(notice.body)} · <a href="${escapeHtml(open)}" style="${LINK}">open in Checkpoint</a></p>`,
  ];
  for (const [source, list] of groupBySource(items)) {
    text.push(source.toUpperCase());
    html.push(
      `<h2 style="font-size:13px;letter-spacing:.04em;text-transform:uppercase;${MUTED};margin:20px 0 8px;padding-bottom:4px;border-bottom:1px solid rgba(127,127,127,.35)">${escapeHtml(source)}</h2>`,
      '<ul style="list-style:none;padding:0;margin:0">',
    );
    for (const item of list) {
      text.push(
        `- ${item.title ?? '(no title)'} [${readingMinutes(item.readingSeconds)}]${alsoFromText(item)}`,
      );
      text.push(`  ${linkable(item.url) ?? `${baseUrl}/items/${item.id}`}`);
      html.push(htmlLine(item, baseUrl));
    }
    text.push('');
    html.push('</ul>');
  }
  if (more) {
    text.push(`${more}: ${later}`, '');
    html.push(
      `<p style="${MUTED};margin-top:20px"><a href="${escapeHtml(later)}" style="${LINK}">${escapeHtml(more)}</a></p>`,
    );
  }
  const footer = `— Checkpoint: pull, don’t be pushed. ${WHY}`;
  text.push(footer);
  html.push(
    `<p style="${MUTED};font-size:12px;margin-top:28px">${escapeHtml(footer)}</p>`,
    '</div></body></html>',
  );
  return {
    to,
    subject: `${notice.title} (${notice.body})`,
    text: text.join('\n'),
    html: html.join('\n'),
  };
}

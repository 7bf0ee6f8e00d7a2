import type { Notice } from '../domain/notice.ts';
import { escapeHtml } from '../lib/escape-html.ts';
import { linkable } from '../lib/linkable.ts';
import type { CheckpointView, DigestItem } from '../services/checkpoints/checkpoints.ts';
import type { Mail } from './email.ts';
import { alsoFromText, groupBySource, readingMinutes } from './html.ts';

// Dark mode: many mail clients ignore <style> and invert or replace backgrounds, so no
// background is set, text keeps the client's colour, and the inline grey and blue read on white
// and on dark alike. Clients that honour <style> (Apple Mail, Outlook for Mac, Thunderbird…)
// also get lighter tones from the media query.
const DARK_STYLE =
  '<style>@media (prefers-color-scheme: dark){a.cp-link{color:#8ab4ff !important}.cp-muted{color:#a1a1aa !important}}</style>';
const muted = (style = '') => `class="cp-muted" style="color:#6b7280;${style}"`;
const link = (href: string, html: string, style = '') =>
  `<a href="${escapeHtml(href)}" class="cp-link" style="color:#2563eb;${style}">${html}</a>`;
const HEADING =
  'font-size:13px;letter-spacing:.04em;text-transform:uppercase;margin:20px 0 8px;padding-bottom:4px;border-bottom:1px solid rgba(127,127,127,.35)';
const WHY = 'You get this because e-mail is one of your checkpoint notices (see your schedule).';

function htmlLine(item: DigestItem, baseUrl: string): string {
  const title = escapeHtml(item.title ?? '(no title)');
  const href = linkable(item.url) ?? `${baseUrl}/items/${item.id}`;
  const note = escapeHtml(`${readingMinutes(item.readingSeconds)}${alsoFromText(item)}`);
  const anchor = link(href, title, 'text-decoration:none;font-weight:600');
  return `<li style="margin:0 0 10px">${anchor} <span ${muted('font-size:13px')}>· ${note}</span></li>`;
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
    `<title>${escapeHtml(notice.title)}</title>${DARK_STYLE}</head>`,
    '<body style="margin:0;padding:16px;font-family:system-ui,-apple-system,\'Segoe UI\',Roboto,sans-serif;font-size:15px;line-height:1.45">',
    '<div style="max-width:640px;margin:0 auto">',
    `<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(notice.title)}</h1>`,
    `<p ${muted('margin:0 0 16px')}>${escapeHtml(notice.body)} · ${link(open, 'open in Checkpoint')}</p>`,
  ];
  for (const [source, list] of groupBySource(items)) {
    text.push(source.toUpperCase());
    html.push(
      `<h2 ${muted(HEADING)}>${escapeHtml(source)}</h2>`,
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
    html.push(`<p ${muted('margin-top:20px')}>${link(later, escapeHtml(more))}</p>`);
  }
  const footer = `— Checkpoint: pull, don’t be pushed. ${WHY}`;
  text.push(footer);
  html.push(
    `<p ${muted('font-size:12px;margin-top:28px')}>${escapeHtml(footer)}</p>`,
    '</div></body></html>',
  );
  return {
    to,
    subject: `${notice.title} (${notice.body})`,
    text: text.join('\n'),
    html: html.join('\n'),
  };
}

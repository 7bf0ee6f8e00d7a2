import type { Mail } from '../delivery/email.ts';
import type { Notice } from '../delivery/notice.ts';
import type { CheckpointView, DigestItem } from './checkpoints.ts';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const minutes = (seconds: number) => `${Math.max(1, Math.round(seconds / 60))} min`;

/**
 * The digest e-mail of a checkpoint: an HTML part (inline styles only, no remote images) and a
 * plain-text part, grouped by source, with reading times and links.
 */
export function digestMail(to: string, notice: Notice, checkpoint: CheckpointView, items: DigestItem[], baseUrl: string): Mail {
  const groups = new Map<string, DigestItem[]>();
  for (const item of items) groups.set(item.sourceName, [...(groups.get(item.sourceName) ?? []), item]);
  const open = `${baseUrl}/checkpoint`;
  const text: string[] = [`${notice.title} — ${notice.body}`, ''];
  const html: string[] = [
    '<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:640px;margin:auto;color:#1d2126">',
    `<h1 style="font-size:20px">${escape(notice.title)}</h1>`,
    `<p style="color:#555">${escape(notice.body)} · <a href="${escape(open)}">open in Checkpoint</a></p>`,
  ];
  for (const [source, list] of groups) {
    text.push(source.toUpperCase());
    html.push(`<h2 style="font-size:15px;margin-top:24px;border-bottom:1px solid #ddd">${escape(source)}</h2><ul style="padding-left:18px">`);
    for (const item of list) {
      const title = item.title ?? '(no title)';
      const also = item.alsoFrom.length ? ` (also from ${item.alsoFrom.map((a) => a.sourceName).join(', ')})` : '';
      text.push(`- ${title} [${minutes(item.readingSeconds)}]${also}`);
      if (item.url) text.push(`  ${item.url}`);
      const link = item.url ? `<a href="${escape(item.url)}">${escape(title)}</a>` : escape(title);
      html.push(`<li style="margin:8px 0">${link} <span style="color:#777">· ${minutes(item.readingSeconds)}${escape(also)}</span></li>`);
    }
    text.push('');
    html.push('</ul>');
  }
  if (checkpoint.overflow.length || checkpoint.laterCount) {
    const later = checkpoint.overflow.map((o) => `+${o.count} more from ${o.sourceName}`).join(' · ');
    text.push(`${later}${later ? ' · ' : ''}${checkpoint.laterCount} waiting for later: ${baseUrl}/later`);
    html.push(`<p style="color:#555">${escape(later)}${later ? ' · ' : ''}<a href="${escape(`${baseUrl}/later`)}">${checkpoint.laterCount} waiting for later</a></p>`);
  }
  text.push('', `Open: ${open}`, '— Checkpoint: pull, don’t be pushed.');
  html.push('<p style="color:#888;font-size:12px">— Checkpoint: pull, don’t be pushed.</p></body></html>');
  return { to, subject: `${notice.title} (${notice.body})`, text: text.join('\n'), html: html.join('\n') };
}

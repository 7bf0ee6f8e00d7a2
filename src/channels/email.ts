import { z } from 'zod';
import type { Mail, Notice } from '../domain/notice.ts';
import { escapeHtml } from '../lib/escape-html.ts';
import { linkable } from '../lib/linkable.ts';
import type { ChannelSpec } from './channel.ts';

/**
 * One address, no list: commas, semicolons and angle brackets would let one channel send to
 * several people (what a schedule and a rule have always accepted; `z.email()` would refuse
 * addresses stored before, like `me@localhost`).
 */
const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/;

/** One e-mail address. */
export const emailTargetSchema = z.object({ email: z.string().regex(ADDRESS) }).strict();
export type EmailTarget = z.infer<typeof emailTargetSchema>;

/** What sending needs: a mailer over CHECKPOINT_SMTP_URL (made on first use, may throw). */
export interface EmailDeps {
  mailer(): { send(mail: Mail): Promise<void> };
}

/**
 * A notice (breakthrough or checkpoint ready) as a small e-mail.
 *
 * @example await mailer.send(noticeMail('me@example.org', notice));
 */
export function noticeMail(to: string, notice: Notice): Mail {
  const url = linkable(notice.url);
  const link = url
    ? `<p><a href="${escapeHtml(url)}" style="color:#2563eb">${escapeHtml(url)}</a></p>`
    : '';
  return {
    to,
    subject: notice.title,
    text: `${notice.body}${url ? `\n\n${url}` : ''}\n\n— Checkpoint`,
    html: `<p>${escapeHtml(notice.body)}</p>${link}<p style="color:#6b7280">— Checkpoint</p>`,
  };
}

/** E-mail: a notice is a short mail to one address (`--notify email:ADDRESS`). */
export const emailChannel: ChannelSpec<'email', EmailTarget, EmailDeps> = {
  name: 'email',
  schema: emailTargetSchema,
  syntax: 'email:ADDRESS',
  prefix: 'email:',
  parse: (token) => (token.startsWith('email:') ? { email: token.slice(6) } : null),
  format: (target) => `email:${target.email}`,
  label: (target) => `e-mail ${target.email}`,
  // Mail systems treat the address case-insensitively in practice: A@x and a@x are one inbox.
  key: (target) => `email ${target.email.toLowerCase()}`,
  problem: (target) =>
    emailTargetSchema.safeParse(target).success
      ? null
      : {
          message: `"${target.email}" is not an e-mail address`,
          localised: { key: 'error.email', params: { address: target.email } },
        },
  send: async (deps, _userId, target, notice) => {
    await deps.mailer().send(noticeMail(target.email, notice));
  },
};

import nodemailer from 'nodemailer';
import { CheckpointError } from '../domain/errors.ts';
import { assertHostAllowed, parseNetworks } from '../lib/net/ssrf.ts';
import type { Notice } from './notice.ts';

/** An outgoing e-mail. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * A mailer over `CHECKPOINT_SMTP_URL` (nodemailer). The SMTP host passes the SSRF guard:
 * we resolve it ourselves and connect to the checked address, keeping the name for TLS.
 *
 * @example const mailer = createMailer('smtp://user:pass@mail.example.org:587', 'checkpoint@example.org', allow);
 */
export function createMailer(smtpUrl: string, from: string, allowNetworks: readonly string[]): Mailer {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port || (secure ? 465 : 587));
  let transport: nodemailer.Transporter | undefined;
  const connect = async () => {
    if (transport) return transport;
    const address = await assertHostAllowed(url.hostname, parseNetworks(allowNetworks));
    transport = nodemailer.createTransport({
      host: address,
      port,
      secure,
      name: 'checkpoint',
      tls: { servername: url.hostname },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
    });
    return transport;
  };
  return {
    async send(mail) {
      try {
        await (await connect()).sendMail({ from, ...mail });
      } catch (error) {
        throw new CheckpointError('delivery_failed', `email: could not send to ${mail.to}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
    close() {
      transport?.close();
    },
  };
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A notice (breakthrough or checkpoint ready) as a small e-mail. */
export function noticeMail(to: string, notice: Notice): Mail {
  const link = notice.url ? `\n\n${notice.url}` : '';
  return {
    to,
    subject: notice.title,
    text: `${notice.body}${link}\n\n— Checkpoint`,
    html: `<p>${escape(notice.body)}</p>${notice.url ? `<p><a href="${escape(notice.url)}">${escape(notice.url)}</a></p>` : ''}<p style="color:#666">— Checkpoint</p>`,
  };
}

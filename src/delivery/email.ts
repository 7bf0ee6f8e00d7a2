import { isIP } from 'node:net';
import type { Transporter } from 'nodemailer';
import { CheckpointError } from '../domain/errors.ts';
import type { Mail } from '../domain/notice.ts';
import { assertHostAllowed, parseNetworks, unbracket } from '../lib/net/ssrf.ts';

export type { Mail };

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
export function createMailer(
  smtpUrl: string,
  from: string,
  allowNetworks: readonly string[],
): Mailer {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port || (secure ? 465 : 587));
  const host = unbracket(url.hostname);
  let transport: Promise<Transporter> | undefined;
  const open = async () => {
    const address = await assertHostAllowed(host, parseNetworks(allowNetworks));
    // Loaded with the first mail: a process that sends none does not carry it.
    const { default: nodemailer } = await import('nodemailer');
    return nodemailer.createTransport({
      host: address,
      port,
      secure,
      name: 'checkpoint',
      // RFC 6066 §3: SNI carries host names only; for an IP literal there is nothing to send.
      tls: isIP(host) ? {} : { servername: host },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      ...(url.username
        ? {
            auth: {
              user: decodeURIComponent(url.username),
              pass: decodeURIComponent(url.password),
            },
          }
        : {}),
    });
  };
  // One transport per mailer, even when two sends start at once; a failed start is retried.
  const connect = () => {
    transport ??= open().catch((error: unknown) => {
      transport = undefined;
      throw error;
    });
    return transport;
  };
  return {
    async send(mail) {
      try {
        await (await connect()).sendMail({ from, ...mail, subject: oneLine(mail.subject) });
      } catch (error) {
        throw new CheckpointError(
          'delivery_failed',
          `email: could not send to ${mail.to}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    },
    close() {
      void transport?.then((t) => t.close()).catch(() => {});
    },
  };
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();

/**
 * Wires the embedded SMTP intake to storage: RCPT TO is checked against `mail_addresses`, and
 * a message is stored (through `ingestDrafts`, one transaction per address) before the SMTP
 * answer, so 250 means committed. Messages are spooled under the data directory (not /tmp,
 * often a RAM disk) and STARTTLS uses CHECKPOINT_SMTP_TLS_CERT / CHECKPOINT_SMTP_TLS_KEY.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { findMailAddressByLocalPart } from '../../db/repos/mail-addresses.ts';
import { findSource } from '../../db/repos/sources.ts';
import { CheckpointError } from '../../domain/errors.ts';
import type { DnsResolver } from '../../intake/smtp/authenticate.ts';
import { type ReceivedMail, type SmtpIntake, startSmtpIntake } from '../../intake/smtp/server.ts';
import { parseMessage } from '../../sources/mail/parse-message.ts';
import type { App } from '../app.ts';
import { ingestDrafts } from '../items/ingest.ts';

export interface MailIntakeOptions {
  /** Default: CHECKPOINT_SMTP_PORT (0 picks a free port). */
  port?: number;
  /** Default: CHECKPOINT_HOST. */
  host?: string;
  /** Default 25 MiB. */
  maxBytes?: number;
  /** Where messages wait while they are checked and stored (default `<data dir>/spool`). */
  spoolDir?: string;
  /** DNS for SPF/DKIM/DMARC; tests pass fixture records. */
  resolver?: DnsResolver;
}

/**
 * Stores one received message in the source of each own address it was sent to. Resolves
 * after every commit; throws when storing failed (the intake then answers 451).
 */
export async function deliverMail(app: App, mail: ReceivedMail): Promise<number[]> {
  const domain = app.config.mailDomain ?? '';
  const stored: number[] = [];
  let parsed: Awaited<ReturnType<typeof parseMessage>> | undefined;
  for (const localPart of new Set(mail.localParts)) {
    const address = await findMailAddressByLocalPart(app.db.kysely, localPart);
    if (!address) continue; // removed between RCPT TO and DATA
    const source = await findSource(app.db.kysely, address.user_id, address.source_id);
    if (!source) continue;
    const extra = mail.tls ? { auth: mail.auth, tls: mail.tls } : { auth: mail.auth };
    parsed ??= await parseMessage(mail.raw, { extra });
    const draft = {
      ...parsed.draft,
      extra: { ...parsed.draft.extra, to: `${localPart}@${domain}` },
    };
    const result = await ingestDrafts(app, source, [draft]);
    stored.push(...result.inserted);
  }
  return stored;
}

/**
 * Starts the SMTP intake for CHECKPOINT_MAIL_DOMAIN on CHECKPOINT_SMTP_PORT (or the options).
 *
 * @example const intake = await startMailIntake(app); … await intake.close();
 */
export async function startMailIntake(
  app: App,
  options: MailIntakeOptions = {},
): Promise<SmtpIntake> {
  const domain = app.config.mailDomain;
  const port = options.port ?? app.config.smtpPort;
  if (!domain || port === null) {
    throw new CheckpointError(
      'mail_domain_unset',
      'smtp: set CHECKPOINT_MAIL_DOMAIN and CHECKPOINT_SMTP_PORT to receive mail',
    );
  }
  const spoolDir = options.spoolDir ?? join(app.config.dataDir, 'spool');
  await mkdir(spoolDir, { recursive: true, mode: 0o700 });
  const intake = await startSmtpIntake({
    host: options.host ?? app.config.host,
    port,
    domain,
    spoolDir,
    tls: app.config.smtpTls,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    ...(options.resolver ? { resolver: options.resolver } : {}),
    log: app.log,
    acceptLocalPart: async (local) =>
      (await findMailAddressByLocalPart(app.db.kysely, local)) !== undefined,
    deliver: async (mail) => {
      await deliverMail(app, mail);
    },
  });
  app.log.info(
    { port: intake.port, domain, starttls: app.config.smtpTls !== null },
    'smtp intake listening',
  );
  return intake;
}

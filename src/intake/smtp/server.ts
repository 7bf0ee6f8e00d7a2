/**
 * The embedded SMTP intake for own addresses (`<random>@<CHECKPOINT_MAIL_DOMAIN>`). Unknown
 * recipients are refused at RCPT (550 5.1.1); messages over the size limit (25 MB) are refused
 * with 552 5.3.4 (announced with SIZE, checked again while streaming); a message is spooled to
 * a file, never held whole in memory, and answered 250 only after `deliver` has resolved, i.e.
 * after it is committed, and 451 4.3.0 when storing failed, so that the sending server
 * retries. With a certificate it offers STARTTLS, which the big senders use whenever offered.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../lib/logger.ts';
import { checkMailAuth, type DnsResolver, type MailAuthResults } from './authenticate.ts';
import { recipientLocalPart } from './recipient.ts';
import { spoolMessage, spoolPath } from './spool.ts';
import { type TlsFiles, watchTlsFiles } from './tls-files.ts';

/** A message's bytes, or a function that opens them as a new stream on each call. */
export type MessageSource = Uint8Array | (() => Readable);

/** One accepted message, for `deliver`. */
export interface ReceivedMail {
  /** The spooled message (valid until `deliver` settles), or bytes given directly. */
  raw: MessageSource;
  /** Envelope recipients on our domain, as local parts (lower-case, `+tag` removed). */
  localParts: string[];
  auth: MailAuthResults;
  /** How the client's connection was encrypted (`TLSv1.3 TLS_AES_256_GCM_SHA384`); null: clear text. */
  tls?: string | null;
}

export interface SmtpIntakeOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  domain: string;
  /** Largest message accepted (default 25 MiB). */
  maxBytes?: number;
  /** Where messages are spooled while they are checked and stored (default: os.tmpdir()). */
  spoolDir?: string;
  /** PEM certificate and key for STARTTLS, re-read when they change; without: no STARTTLS. */
  tls?: TlsFiles | null;
  /** Whether a local part is one of the addresses handed out. */
  acceptLocalPart(localPart: string): Promise<boolean>;
  /** Stores the message for its recipients; must resolve only after the commit. */
  deliver(mail: ReceivedMail): Promise<void>;
  /** DNS for SPF/DKIM/DMARC (default: the system resolver). */
  resolver?: DnsResolver;
  log?: Logger;
}

export interface SmtpIntake {
  readonly port: number;
  close(): Promise<void>;
}

/** Gmail's and Microsoft's limit for sending: newsletters with images stay under it. */
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/** An error whose code and text smtp-server sends as the reply. */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/** `TLSv1.3 TLS_AES_256_GCM_SHA384` for a session that used STARTTLS, else null. */
function tlsOf(session: SMTPServerSession): string | null {
  const cipher = session.secure ? session.tlsOptions : false;
  return cipher ? `${cipher.version} ${cipher.standardName || cipher.name}` : null;
}

/** Authenticates and delivers one spooled message; throws the SMTP error to answer. */
async function deliverSpooled(
  options: SmtpIntakeOptions,
  file: string,
  session: SMTPServerSession,
): Promise<void> {
  const raw = () => createReadStream(file);
  const auth = await checkMailAuth(raw, {
    ip: session.remoteAddress,
    helo: session.hostNameAppearsAs || '',
    mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
    mta: options.domain,
    ...(options.resolver ? { resolver: options.resolver } : {}),
  });
  const localParts = session.envelope.rcptTo
    .map((r) => recipientLocalPart(r.address, options.domain))
    .filter((l): l is string => l !== null);
  try {
    await options.deliver({ raw, localParts, auth, tls: tlsOf(session) });
  } catch (error) {
    options.log?.error({ err: error }, 'smtp intake: could not store a message');
    throw smtpError(451, 'temporary failure while storing the message, try again later');
  }
}

/** Spools, checks and delivers one message, removing the spooled file whatever happens. */
async function receive(
  options: SmtpIntakeOptions,
  maxBytes: number,
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
): Promise<void> {
  const file = spoolPath(options.spoolDir ?? tmpdir());
  try {
    let tooBig: boolean;
    try {
      ({ tooBig } = await spoolMessage(stream, file, maxBytes));
    } catch (error) {
      options.log?.error({ err: error }, 'smtp intake: could not spool a message');
      throw smtpError(451, 'temporary failure while receiving the message, try again later');
    }
    if (tooBig) throw smtpError(552, `message exceeds fixed maximum message size ${maxBytes}`);
    await deliverSpooled(options, file, session);
  } finally {
    await rm(file, { force: true });
  }
}

/** Answers RCPT TO: 250 for a handed-out address, 550 5.1.1 otherwise, 451 when the lookup failed. */
function checkRecipient(
  options: SmtpIntakeOptions,
  address: string,
  callback: (error?: Error | null) => void,
): void {
  const local = recipientLocalPart(address, options.domain);
  const known = local ? options.acceptLocalPart(local) : Promise.resolve(false);
  known.then(
    (ok) => callback(ok ? null : smtpError(550, `<${address}>: no such address here`)),
    (error: unknown) => {
      options.log?.error({ err: error }, 'smtp intake: recipient lookup failed');
      callback(smtpError(451, 'temporary failure, try again later'));
    },
  );
}

async function createServer(options: SmtpIntakeOptions, maxBytes: number): Promise<SMTPServer> {
  // Loaded on first use, like the other mail libraries, to keep CLI start-up fast.
  const { SMTPServer } = await import('smtp-server');
  // `apply` runs only on a later change, once `server` exists.
  const tls = options.tls
    ? await watchTlsFiles(
        options.tls,
        (pair) => server.updateSecureContext(pair),
        (error) => options.log?.warn({ err: error }, 'smtp intake: kept the previous certificate'),
      )
    : null;
  const server: SMTPServer = new SMTPServer({
    ...(tls ? tls.pair : {}),
    name: options.domain,
    banner: 'Checkpoint mail intake',
    size: maxBytes,
    rejectOversized: true,
    hideENHANCEDSTATUSCODES: false,
    secure: false,
    // Without a certificate STARTTLS stays off: smtp-server's built-in one is public.
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    socketTimeout: 60_000,
    onConnect(_session, callback) {
      // A renewed certificate is picked up by the next connection, before it can say STARTTLS.
      if (tls) tls.refresh().then(() => callback());
      else callback();
    },
    onRcptTo(address, _session, callback) {
      checkRecipient(options, address.address, callback);
    },
    onData(stream, session, callback) {
      receive(options, maxBytes, stream, session).then(
        () => callback(null, 'OK: held until your next checkpoint'),
        (error: Error) => callback(error),
      );
    },
  });
  return server;
}

/**
 * Starts the intake; resolves once it listens.
 *
 * @example const intake = await startSmtpIntake({ host: '127.0.0.1', port: 2525, domain: 'in.example.org', acceptLocalPart, deliver });
 */
export async function startSmtpIntake(options: SmtpIntakeOptions): Promise<SmtpIntake> {
  const server = await createServer(options, options.maxBytes ?? DEFAULT_MAX_BYTES);
  server.on('error', (error) => options.log?.warn({ err: error }, 'smtp intake: connection error'));
  const listener = await new Promise<Server>((resolve, reject) => {
    const s = server.listen(options.port, options.host, () => resolve(s));
    s.once('error', reject);
  });
  const port = (listener.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

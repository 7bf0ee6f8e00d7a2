/**
 * The embedded SMTP intake for own addresses (`<random>@<CHECKPOINT_MAIL_DOMAIN>`). Unknown
 * recipients are refused at RCPT (550 5.1.1); messages over the size limit are refused with
 * 552 5.3.4 (announced with SIZE, checked again while streaming); a message is answered 250
 * only after `deliver` has resolved, i.e. after it is committed, and 451 4.3.0 when storing
 * failed, so that the sending server retries.
 */
import type { AddressInfo, Server } from 'node:net';
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../lib/logger.ts';
import { checkMailAuth, type DnsResolver, type MailAuthResults } from './authenticate.ts';
import { recipientLocalPart } from './recipient.ts';

/** One accepted message, for `deliver`. */
export interface ReceivedMail {
  raw: Buffer;
  /** Envelope recipients on our domain, as local parts (lower-case, `+tag` removed). */
  localParts: string[];
  auth: MailAuthResults;
}

export interface SmtpIntakeOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  domain: string;
  /** Largest message accepted (default 1 MiB). */
  maxBytes?: number;
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

export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** An error whose code and text smtp-server sends as the reply. */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/** Reads the DATA stream up to the limit (the rest is drained, not kept). */
function readLimited(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) parts.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () =>
      resolve(stream.sizeExceeded || size > maxBytes ? null : Buffer.concat(parts)),
    );
  });
}

/** Reads, authenticates and delivers one message; throws the SMTP error to answer. */
async function receive(
  options: SmtpIntakeOptions,
  maxBytes: number,
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
): Promise<void> {
  const raw = await readLimited(stream, maxBytes);
  if (!raw) throw smtpError(552, `message exceeds fixed maximum message size ${maxBytes}`);
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
    await options.deliver({ raw, localParts, auth });
  } catch (error) {
    options.log?.error({ err: error }, 'smtp intake: could not store a message');
    throw smtpError(451, 'temporary failure while storing the message, try again later');
  }
}

async function createServer(options: SmtpIntakeOptions, maxBytes: number): Promise<SMTPServer> {
  // Loaded on first use, like the other mail libraries, to keep CLI start-up fast.
  const { SMTPServer } = await import('smtp-server');
  return new SMTPServer({
    name: options.domain,
    banner: 'Checkpoint mail intake',
    size: maxBytes,
    rejectOversized: true,
    hideENHANCEDSTATUSCODES: false,
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    socketTimeout: 60_000,
    onRcptTo(address, _session, callback) {
      const local = recipientLocalPart(address.address, options.domain);
      const known = local ? options.acceptLocalPart(local) : Promise.resolve(false);
      known.then(
        (ok) => callback(ok ? null : smtpError(550, `<${address.address}>: no such address here`)),
        (error: unknown) => {
          options.log?.error({ err: error }, 'smtp intake: recipient lookup failed');
          callback(smtpError(451, 'temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      receive(options, maxBytes, stream, session).then(
        () => callback(null, 'OK: held until your next checkpoint'),
        (error: Error) => callback(error),
      );
    },
  });
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

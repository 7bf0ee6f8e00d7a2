/**
 * The STARTTLS certificate and key of the SMTP intake, read from PEM files and read again when
 * they change: certbot, acme.sh and Caddy renew certificates in place every few weeks, and a
 * mail server that kept the old one would offer an expired certificate until restarted.
 */
import { readFile, stat } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { CheckpointError } from '../../domain/errors.ts';

/** Where the PEM files are. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** The PEM contents, as smtp-server's `key` and `cert` options take them. */
export interface TlsPair {
  key: Buffer;
  cert: Buffer;
}

/** Size and modification time of both files: what tells a renewal apart. */
async function stamp(files: TlsFiles): Promise<string> {
  const [cert, key] = await Promise.all([stat(files.certFile), stat(files.keyFile)]);
  return `${cert.mtimeMs}:${cert.size}:${key.mtimeMs}:${key.size}`;
}

/**
 * Reads both files and checks that they make a TLS context (a key that does not match the
 * certificate fails here, not in the middle of a client's handshake).
 *
 * @example const pair = await readTlsPair({ certFile: '/etc/ssl/mx.pem', keyFile: '/etc/ssl/mx.key' });
 */
export async function readTlsPair(files: TlsFiles): Promise<TlsPair> {
  const [cert, key] = await Promise.all([readFile(files.certFile), readFile(files.keyFile)]);
  try {
    createSecureContext({ key, cert });
  } catch (error) {
    throw new CheckpointError(
      'smtp_tls_invalid',
      `smtp: ${files.certFile} and ${files.keyFile} are not a PEM certificate and its key (${(error as Error).message})`,
      { cause: error },
    );
  }
  return { key, cert };
}

/** The pair read at start-up and the check that keeps it current. */
export interface WatchedTls {
  pair: TlsPair;
  /** Re-reads the pair when a file changed; never rejects. */
  refresh(): Promise<void>;
}

/**
 * Reads the pair and returns a check to run before each connection: when either file changed
 * since the last read, the pair is read again and handed to `apply`. A pair that fails to load
 * (a renewal half written, a key that does not match yet) goes to `warn` and the previous one
 * stays in use; the next connection tries again. Concurrent connections share one check.
 *
 * @example const tls = await watchTlsFiles(files, (pair) => server.updateSecureContext(pair), warn);
 */
export async function watchTlsFiles(
  files: TlsFiles,
  apply: (pair: TlsPair) => void,
  warn: (error: unknown) => void,
): Promise<WatchedTls> {
  let seen = await stamp(files);
  const pair = await readTlsPair(files);
  let running: Promise<void> | null = null;
  const check = async () => {
    const now = await stamp(files);
    if (now === seen) return;
    apply(await readTlsPair(files));
    seen = now;
  };
  const refresh = () => {
    running ??= check()
      .catch(warn)
      .finally(() => {
        running = null;
      });
    return running;
  };
  return { pair, refresh };
}

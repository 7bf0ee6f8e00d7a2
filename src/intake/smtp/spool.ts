/**
 * Writes an SMTP DATA stream to a file, so that a message of up to 25 MB is never one Buffer
 * in memory: authentication and parsing read it back as streams.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** What was spooled: how many bytes arrived and whether they were over the limit. */
export interface Spooled {
  size: number;
  tooBig: boolean;
}

/**
 * A fresh file name under `dir` for one message.
 *
 * @example spoolPath('/var/lib/checkpoint/tmp') // '/var/lib/checkpoint/tmp/checkpoint-smtp-1b9d….eml'
 */
export function spoolPath(dir: string): string {
  return join(dir, `checkpoint-smtp-${randomUUID()}.eml`);
}

/**
 * Copies `stream` into the new file `file` (mode 0600), keeping at most `maxBytes`; the
 * rest is read and dropped, so that the client gets its answer after the final dot. Rejects
 * when the file cannot be written (disk full), after the stream has ended. In every case the
 * file may exist afterwards and is the caller's to remove.
 *
 * @example const { tooBig } = await spoolMessage(stream, spoolPath(os.tmpdir()), 25 * 1024 * 1024);
 */
export function spoolMessage(
  stream: Readable & { sizeExceeded?: boolean },
  file: string,
  maxBytes: number,
): Promise<Spooled> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let size = 0;
    let failure: unknown = null;
    out.on('error', (error) => {
      failure ??= error;
      stream.resume(); // keep draining: the client still waits for its reply
    });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (failure || size > maxBytes) return;
      if (!out.write(chunk)) {
        stream.pause();
        out.once('drain', () => stream.resume());
      }
    });
    stream.once('error', (error) => {
      out.destroy();
      reject(error);
    });
    stream.once('end', () => {
      if (failure) return reject(failure);
      out.once('error', reject);
      out.end(() => {
        if (failure) reject(failure);
        else resolve({ size, tooBig: Boolean(stream.sizeExceeded) || size > maxBytes });
      });
    });
  });
}

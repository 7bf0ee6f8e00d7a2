/**
 * A real, small file system (tmpfs, mounted by the root user the tests run as) for a data
 * directory that fills up: writes past its end fail with ENOSPC, which SQLite reports as
 * SQLITE_FULL in whichever process writes — a CLI command or a server.
 *
 * @example
 * const disk = await mountSmallDisk(8);
 * await disk.fill(); // … every write now fails
 * await disk.free(); await disk.unmount();
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  /** The mount point (empty at first). */
  readonly dir: string;
  /** Takes every free byte with a filler file. */
  fill(): Promise<void>;
  /** Deletes the filler file: the space is back. */
  free(): Promise<void>;
  unmount(): Promise<void>;
}

/** Mounts a tmpfs of `megabytes` at a new temporary directory. */
export async function mountSmallDisk(megabytes: number): Promise<SmallDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  return {
    dir,
    async fill() {
      const file = await open(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024);
      try {
        // Whole chunks, then single kilobytes, until the file system says no.
        for (const size of [chunk.length, 1024]) {
          for (;;) {
            try {
              await file.write(chunk, 0, size);
            } catch {
              break;
            }
          }
        }
      } finally {
        await file.close();
      }
    },
    free: () => rm(filler, { force: true }),
    async unmount() {
      execFileSync('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

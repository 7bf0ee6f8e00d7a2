/**
 * Real `checkpoint` processes that a fault test starts, watches and kills with SIGKILL (a crash,
 * a power cut of the process: no handler runs, no transaction is finished).
 *
 * @example
 * const run = startCheckpoint(['tick', '--at', due], env);
 * await until(async () => (await countBuilt()) >= 1, run);
 * await run.kill();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, cliEnvironment } from './cli.ts';

/** The environment of a CLI or server process on a test app's data dir or PG database. */
export function checkpointEnv(
  target: { dataDir: string; databaseUrl: string | null },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    CHECKPOINT_DATA_DIR: target.dataDir,
    CHECKPOINT_SECRET: 'test-secret-test-secret-test-secret-0123',
    CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
    ...(target.databaseUrl ? { CHECKPOINT_DATABASE_URL: target.databaseUrl } : {}),
    ...extra,
  };
}

export interface RunningCheckpoint {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Whether the process has ended (on its own or killed). */
  done(): boolean;
  /** What it wrote to stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** SIGKILL, then waits for the exit; a process already gone is left alone. */
  kill(): Promise<void>;
}

/** Starts `checkpoint <args>` with `env` on top of a clean environment. */
export function startCheckpoint(
  args: readonly string[],
  env: Record<string, string>,
): RunningCheckpoint {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: cliEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let ended = false;
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      ended = true;
      resolve(code);
    }),
  );
  return {
    child,
    exited,
    done: () => ended,
    output: () => ({ stdout, stderr }),
    async kill() {
      if (!ended) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Polls `condition` every few milliseconds until it holds or `run` ended; true when it held.
 * The process's own exit stops the wait, so a run that finished too fast is not waited on forever.
 */
export async function until(
  condition: () => Promise<boolean> | boolean,
  run: RunningCheckpoint,
  timeoutMs = 30_000,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return true;
    if (run.done()) return false;
    await sleep(2);
  }
  throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(run.output())}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A small pseudo-random generator (mulberry32): kill points that vary but can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

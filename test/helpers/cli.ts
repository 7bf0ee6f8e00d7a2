import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real `checkpoint` command. */
export const BIN = fileURLToPath(new URL('../../bin/checkpoint.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a `checkpoint` child process: `env` on top of a clean one (PATH, HOME,
 * warnings only) and the test run's loopback resolver, so no DNS question leaves the machine.
 */
export function cliEnvironment(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    LOG_LEVEL: 'warn',
    CHECKPOINT_DNS_SERVERS: process.env.CHECKPOINT_DNS_SERVERS ?? '',
    ...env,
  };
}

/**
 * Runs the real `checkpoint` command (bin/checkpoint.js) in a child process with the given
 * environment on top of a clean one, and collects its output.
 */
export async function runCheckpoint(
  args: readonly string[],
  env: Record<string, string>,
  options: { input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: cliEnvironment(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Parses the JSON a `--json` command printed on stdout (fails with the output when it is not). */
export function json<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `not JSON (exit ${result.code}):\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
}

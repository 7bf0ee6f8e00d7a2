import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '../domain/errors.ts';
import { type Config, configFromEnv, envSchema } from './schema.ts';

/** Invalid configuration: the message lists every bad key; the process exits with code 2. */
export class ConfigError extends CheckpointError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      'config_invalid',
      `config: invalid environment (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

const SECRET_FILE = 'secret';

/**
 * Reads the secret from the data directory, creating it (mode 0600) on first use.
 * Kept beside the data so that a copied data directory still decrypts its credentials.
 */
function ensureSecret(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (server and CLI starting together) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return readFileSync(file, 'utf8').trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return secret;
}

/**
 * Parses the environment once into a frozen Config. Nothing else in Checkpoint reads
 * `process.env`: callers receive this object.
 *
 * @example
 * const config = loadConfig({ PORT: '9000' });
 * config.port; // 9000
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): Config {
  // Empty strings mean "unset", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in envSchema.shape && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '?');
      const raw = present[key];
      return `${key}: ${issue.message}${raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`}`;
    });
    throw new ConfigError(problems);
  }
  const base = configFromEnv(parsed.data, cwd);
  const secret = parsed.data.CHECKPOINT_SECRET ?? ensureSecret(base.dataDir);
  return deepFreeze({ ...base, secret });
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const inner of Object.values(value)) {
    if (inner && typeof inner === 'object') deepFreeze(inner);
  }
  return Object.freeze(value);
}

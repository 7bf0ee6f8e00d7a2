import { accessSync, constants, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { parseNetworks } from '../lib/net/ssrf.ts';

/** `1.2.3.4`, `1.2.3.4:53`, `::1` or `[::1]:53`: what `dns.setServers` takes. */
function isDnsServer(server: string): boolean {
  if (isIP(server) !== 0) return true; // an address without a port, IPv6 ones included
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(server) ?? /^([^:]+):(\d{1,5})$/.exec(server);
  if (!match) return false;
  const port = Number(match[2]);
  return isIP(match[1] ?? '') !== 0 && port >= 1 && port <= 65535;
}

/** Log levels pino understands, plus `silent`. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const httpUrl = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL like https://checkpoint.example.org');

/** A comma-separated list, its entries trimmed, empty ones dropped. */
const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

/** Comma-separated CIDR blocks, each checked. */
const cidrList = commaList.superRefine((list, ctx) => {
  try {
    parseNetworks(list);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `must be comma-separated CIDRs like 127.0.0.1/32,10.0.0.0/8: ${(error as Error).message}`,
    });
  }
});

/** A path to a file this process can read (a certificate or key), checked at start-up. */
const readableFile = z
  .string()
  .trim()
  .min(1)
  .superRefine((path, ctx) => {
    try {
      accessSync(path, constants.R_OK);
      if (!statSync(path).isFile()) throw Object.assign(new Error(path), { code: 'EISDIR' });
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a readable file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      });
    }
  });

/**
 * The environment Checkpoint reads (DESIGN.md "Interfaces"), as strings in, typed values out.
 * Every key is optional; defaults live in `loadConfig` so that they can depend on each other.
 */
const envObject = z.object({
  PORT: intIn(1, 65535).optional(),
  CHECKPOINT_HOST: z.string().trim().min(1).optional(),
  CHECKPOINT_BASE_URL: httpUrl.optional(),
  CHECKPOINT_DATA_DIR: z.string().trim().min(1).optional(),
  CHECKPOINT_DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CHECKPOINT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CHECKPOINT_ALLOW_NETWORKS: cidrList.optional(),
  CHECKPOINT_TRUSTED_PROXIES: cidrList.optional(),
  CHECKPOINT_SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL like smtp://user:pass@host:587')
    .optional(),
  CHECKPOINT_SMTP_PORT: intIn(1, 65535).optional(),
  CHECKPOINT_MAIL_DOMAIN: z
    .string()
    .trim()
    .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$|^localhost$/i, 'must be a domain name like in.example.org')
    .optional(),
  CHECKPOINT_SMTP_TLS_CERT: readableFile.optional(),
  CHECKPOINT_SMTP_TLS_KEY: readableFile.optional(),
  CHECKPOINT_DNS_SERVERS: commaList
    .superRefine((list, ctx) => {
      for (const server of list) {
        if (!isDnsServer(server)) {
          ctx.addIssue({
            code: 'custom',
            message: `must be comma-separated IP addresses with an optional port, like 127.0.0.1:53,[::1]:5353 ("${server}" is not one)`,
          });
        }
      }
    })
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  CHECKPOINT_FETCH_TIMEOUT: intIn(1, 600).optional(),
  CHECKPOINT_FETCH_MAX_BYTES: intIn(1024, 1024 * 1024 * 1024).optional(),
  CHECKPOINT_FETCH_CONCURRENCY: intIn(1, 256).optional(),
  CHECKPOINT_FETCH_PER_HOST: intIn(1, 64).optional(),
  CHECKPOINT_POLL_INTERVAL: intIn(1, 7 * 24 * 60).optional(),
  CHECKPOINT_FETCH_MAX_ERRORS: intIn(1, 1000).optional(),
});

/** The variables with the checks that span several of them. */
export const envSchema = envObject.superRefine((env, ctx) => {
  // A certificate without its key (or the reverse) would silently leave STARTTLS off.
  const cert = env.CHECKPOINT_SMTP_TLS_CERT !== undefined;
  const key = env.CHECKPOINT_SMTP_TLS_KEY !== undefined;
  if (cert === key) return;
  ctx.addIssue({
    code: 'custom',
    path: [cert ? 'CHECKPOINT_SMTP_TLS_KEY' : 'CHECKPOINT_SMTP_TLS_CERT'],
    message: `must be set together with ${cert ? 'CHECKPOINT_SMTP_TLS_CERT' : 'CHECKPOINT_SMTP_TLS_KEY'} (PEM files for the SMTP intake's STARTTLS)`,
  });
});

export type LogLevel = (typeof LOG_LEVELS)[number];

/** The frozen configuration every part of Checkpoint receives. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  /** Secret for encrypting stored credentials; null until resolved by `loadConfig`. */
  readonly secret: string;
  readonly allowNetworks: readonly string[];
  /**
   * Reverse proxies whose `X-Forwarded-For` names the client (login throttling, logs);
   * default loopback, where a local nginx or Caddy runs.
   */
  readonly trustedProxies: readonly string[];
  readonly smtpUrl: string | null;
  readonly smtpPort: number | null;
  readonly mailDomain: string | null;
  /**
   * PEM certificate and key the SMTP intake offers STARTTLS with (re-read when they change);
   * null: no STARTTLS.
   */
  readonly smtpTls: { readonly certFile: string; readonly keyFile: string } | null;
  /**
   * DNS servers for what Checkpoint resolves itself (SPF, DKIM and DMARC of received mail);
   * empty: the system's resolver. Tests point it at a resolver on 127.0.0.1.
   */
  readonly dnsServers: readonly string[];
  readonly logLevel: LogLevel;
  readonly fetch: {
    readonly timeoutMs: number;
    readonly maxBytes: number;
    readonly concurrency: number;
    readonly perHost: number;
    readonly intervalMinutes: number;
    readonly maxErrors: number;
  };
}

/** Maps parsed env values onto a Config (without the secret, which needs the data dir). */
export function configFromEnv(env: z.infer<typeof envSchema>, cwd: string): Omit<Config, 'secret'> {
  const port = env.PORT ?? 8080;
  const dataDir = env.CHECKPOINT_DATA_DIR ?? './data';
  return {
    port,
    host: env.CHECKPOINT_HOST ?? '127.0.0.1',
    baseUrl: (env.CHECKPOINT_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    databaseUrl: env.CHECKPOINT_DATABASE_URL ?? null,
    allowNetworks: env.CHECKPOINT_ALLOW_NETWORKS ?? [],
    trustedProxies: env.CHECKPOINT_TRUSTED_PROXIES ?? ['127.0.0.0/8', '::1/128'],
    smtpUrl: env.CHECKPOINT_SMTP_URL ?? null,
    smtpPort: env.CHECKPOINT_SMTP_PORT ?? null,
    mailDomain: env.CHECKPOINT_MAIL_DOMAIN?.toLowerCase() ?? null,
    // Resolved as `readableFile` checked them: against the process's working directory.
    smtpTls:
      env.CHECKPOINT_SMTP_TLS_CERT && env.CHECKPOINT_SMTP_TLS_KEY
        ? {
            certFile: resolve(env.CHECKPOINT_SMTP_TLS_CERT),
            keyFile: resolve(env.CHECKPOINT_SMTP_TLS_KEY),
          }
        : null,
    dnsServers: env.CHECKPOINT_DNS_SERVERS ?? [],
    logLevel: env.LOG_LEVEL ?? 'info',
    fetch: {
      timeoutMs: (env.CHECKPOINT_FETCH_TIMEOUT ?? 20) * 1000,
      maxBytes: env.CHECKPOINT_FETCH_MAX_BYTES ?? 15 * 1024 * 1024,
      concurrency: env.CHECKPOINT_FETCH_CONCURRENCY ?? 16,
      perHost: env.CHECKPOINT_FETCH_PER_HOST ?? 2,
      intervalMinutes: env.CHECKPOINT_POLL_INTERVAL ?? 60,
      maxErrors: env.CHECKPOINT_FETCH_MAX_ERRORS ?? 10,
    },
  };
}

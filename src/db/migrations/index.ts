import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import { CheckpointError } from '../../domain/errors.ts';
import type { Db } from '../connect.ts';
import * as m001 from './001-initial.ts';
import * as m002 from './002-checkpoints.ts';
import * as m003 from './003-web.ts';
import * as m004 from './004-mail.ts';
import * as m005 from './005-social.ts';
import * as m006 from './006-breakthrough-delivery.ts';
import * as m007 from './007-digest.ts';
import * as m008 from './008-rule-undo.ts';
import * as m009 from './009-fetch-runs.ts';
import * as m010 from './010-imap-trust.ts';
import type { MigrationContext } from './helpers.ts';

interface MigrationModule {
  up(ctx: MigrationContext): Promise<void>;
}

/** Every migration in order. Add new ones at the end; never edit one that has landed. */
const MIGRATIONS: Record<string, MigrationModule> = {
  '001-initial': m001,
  '002-checkpoints': m002,
  '003-web': m003,
  '004-mail': m004,
  '005-social': m005,
  '006-breakthrough-delivery': m006,
  '007-digest': m007,
  '008-rule-undo': m008,
  '009-fetch-runs': m009,
  '010-imap-trust': m010,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly db: Db) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, module] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (kysely) => module.up({ db: kysely, dialect: this.db.dialect }) };
    }
    return out;
  }
}

/** Brings the schema up to date (idempotent; safe when two processes start together). */
export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(db) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new CheckpointError('migration_failed', `db: migration ${failed} failed`, {
      cause: error,
    });
  }
}

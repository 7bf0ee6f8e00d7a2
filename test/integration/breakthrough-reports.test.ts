/**
 * Where undelivered breakthroughs and channel problems are reported outside the web pages:
 * `GET /api/v1/ledger` and `checkpoint ledger --json` (the DESIGN.md row with
 * `breakthroughsUndelivered`), and the warnings of `checkpoint rule list` and
 * `checkpoint schedule show` (human output; their JSON is unchanged).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { addRule } from '../../src/services/checkpoints/rules.ts';
import { DAY, draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { DIALECTS } from '../helpers/db.ts';

const ROW = {
  date: DAY,
  pushesReceived: 2,
  breakthroughs: 0,
  checkpointNotices: 0,
  interruptions: 0,
  interruptionsSpared: 1,
  checkpointsBuilt: 0,
  checkpointsOpened: 0,
  pullsBetween: 0,
  itemsRead: 0,
  itemsDismissed: 0,
  breakthroughsUndelivered: 1,
};

describe.each(DIALECTS)('undelivered breakthroughs in the API and the CLI on %s', (dialect) => {
  let w: World;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCheckpoint(args, env);

  beforeAll(async () => {
    w = await openWorld(dialect);
    env = {
      CHECKPOINT_DATA_DIR: w.dataDir,
      ...(w.databaseUrl ? { CHECKPOINT_DATABASE_URL: w.databaseUrl } : {}),
    };
    await addRule(w.app, w.user.id, {
      name: 'Urgent pushes',
      when: [{ field: 'priority', op: 'gte', value: 5 }],
      action: 'breakthrough',
    });
    const phone = await w.source('Phone', 'ntfy');
    await w.ingest(phone, [
      draft('p1', 'Server down', { kind: 'notification', priority: 5 }),
      draft('p2', 'Parcel delivered', { kind: 'notification', priority: 3 }),
    ]);
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  it('GET /api/v1/ledger gives the exact row, with breakthroughsUndelivered', async () => {
    const { token } = await createApiToken(w.app.db.kysely, w.app.clock, w.user.id, 'ledger');
    const response = await createHttpApp(w.app).request(`/api/v1/ledger?from=${DAY}&to=${DAY}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([ROW]);
  });

  it('`ledger --json` gives the same row; the table has an "undelivered" column', {
    timeout: 60_000,
  }, async () => {
    const ledger = await cli('ledger', '--from', DAY, '--to', DAY, '--json');
    expect(ledger.code, ledger.stderr).toBe(0);
    expect(json(ledger)).toEqual([ROW]);
    const table = await cli('ledger', '--from', DAY, '--to', DAY);
    expect(table.stdout).toMatch(/broke through\s+undelivered/);
    expect(table.stdout).toContain('1 of 2 interruptions spared.');
  });

  it('`rule list` and `schedule show` warn about the rule without a channel', {
    timeout: 60_000,
  }, async () => {
    const warning =
      'Warning: Rule "Urgent pushes" may break through but has no channel: urgent items will reach no one';
    const rules = await cli('rule', 'list');
    expect(rules.code, rules.stderr).toBe(0);
    expect(rules.stdout).toContain(warning);
    const schedule = await cli('schedule', 'show');
    expect(schedule.code, schedule.stderr).toBe(0);
    expect(schedule.stdout).toContain(warning);
    // The JSON stays what it was: no warnings in it.
    const listed = json<Record<string, unknown>[]>(await cli('rule', 'list', '--json'));
    expect(listed.map((r) => r.name)).toEqual(['Urgent pushes']);
    expect(JSON.stringify(listed)).not.toContain('Warning');
  });
});

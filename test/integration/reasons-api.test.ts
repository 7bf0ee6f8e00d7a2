/**
 * The parts of a score in `POST /api/v1/pull`, `GET /api/v1/checkpoints/:id` and
 * `checkpoint pull --json`: the existing fields (part, points, why) stay as they were, and
 * each part also carries the catalog key and parameters the web UI translates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

interface Part {
  part: string;
  points: number;
  why: string;
  key: string;
  params: Record<string, string | number>;
}

function expectParts(parts: Part[]): void {
  expect(parts.length).toBeGreaterThan(0);
  for (const p of parts) {
    expect(typeof p.part).toBe('string');
    expect(typeof p.points).toBe('number');
    expect(typeof p.why).toBe('string');
    expect(p.key).toMatch(/^why\./);
    expect(p.params).toBeTypeOf('object');
  }
}

describe('score parts over HTTP and the CLI', () => {
  let w: World;
  let http: RunningHttp;
  let token: string;

  beforeAll(async () => {
    w = await openWorld('sqlite');
    http = await serveHttpApp(w.app);
    token = (await createApiToken(w.app.db.kysely, w.app.clock, w.user.id, 'test')).token;
    const source = await w.source('Harbour Town Journal');
    await w.ingest(source, [
      draft('a1', 'Harbour bridge reopens'),
      draft('a2', 'Someone mentioned you', { kind: 'mention' }),
    ]);
  });
  afterAll(async () => {
    await http?.close();
    await w?.cleanup();
  });

  const api = (method: string, path: string) =>
    fetch(`${http.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });

  it('POST /api/v1/pull between checkpoints', async () => {
    const response = await api('POST', '/pull');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { checkpoint: null; items: { parts: Part[] }[] };
    expect(body.checkpoint).toBeNull();
    expect(body.items).toHaveLength(2);
    for (const item of body.items) expectParts(item.parts);
    const mention = body.items.flatMap((i) => i.parts).find((p) => p.part === 'kind')!;
    expect(mention).toEqual({
      part: 'kind',
      points: 25,
      why: 'mentions you',
      key: 'why.kind.mention',
      params: {},
    });
  });

  it('GET /api/v1/checkpoints/:id keeps the keys of a built digest', async () => {
    const [built] = await w.buildAtDue();
    const response = await api('GET', `/checkpoints/${built!.checkpoint.id}`);
    const body = (await response.json()) as { items: { parts: Part[] }[] };
    for (const item of body.items) expectParts(item.parts);
    const recency = body.items.flatMap((i) => i.parts).find((p) => p.part === 'recency')!;
    expect(recency.key).toBe('why.recent');
    expect(recency.params).toEqual({ hours: 5 });
    expect(recency.why).toBe('arrived 5 h ago');
  });

  it('checkpoint pull --json', async () => {
    const result = await runCheckpoint(['pull', '--json'], {
      CHECKPOINT_DATA_DIR: w.dataDir,
      CHECKPOINT_SECRET: 'test-secret-test-secret-test-secret-0123',
    });
    expect(result.code, result.stderr).toBe(0);
    const body = json<{ items: { parts: Part[] }[] }>(result);
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) expectParts(item.parts);
  });
});

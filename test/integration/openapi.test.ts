import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/db.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

type Json = Record<string, unknown>;

/** Every `$ref` in a JSON value, at any depth. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string' ? [v] : refsIn(v),
  );
}

/**
 * A small client an outside developer would write over the generated types. The
 * `@ts-expect-error` lines prove the types have teeth: were they `any`, the directives would be
 * unused, which is an error too.
 */
const TYPED_CLIENT = `
import type { components, paths } from './api.ts';

type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Item = components['schemas']['Item'];
type ApiError = components['schemas']['Error'];
type ItemsQuery = NonNullable<paths['/api/v1/items']['get']['parameters']['query']>;
type ItemList = JsonOf<paths['/api/v1/items']['get']['responses'][200]>;
type NewSource = JsonOf<paths['/api/v1/sources']['post']['requestBody']>;
type Subscribed = JsonOf<paths['/api/v1/sources']['post']['responses'][201]>;
type CheckpointPath = paths['/api/v1/checkpoints/{id}']['get']['parameters']['path'];
type Digest = JsonOf<paths['/api/v1/checkpoints/{id}']['get']['responses'][200]>;
type LedgerQuery = NonNullable<paths['/api/v1/ledger']['get']['parameters']['query']>;
type Ledger = JsonOf<paths['/api/v1/ledger']['get']['responses'][200]>;

export class Client {
  constructor(private readonly base: string, private readonly token: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: { authorization: 'Bearer ' + this.token, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) {
      const { error } = (await res.json()) as ApiError;
      throw new Error(error.code + ': ' + error.message + (error.issues ?? []).join('; '));
    }
    return (await res.json()) as T;
  }

  private static query(values: Record<string, string | number | undefined>): string {
    const pairs = Object.entries(values).filter(([, v]) => v !== undefined);
    return new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString();
  }

  items(query: ItemsQuery = {}): Promise<ItemList> {
    return this.call('GET', '/api/v1/items?' + Client.query(query));
  }
  subscribe(body: NewSource): Promise<Subscribed> {
    return this.call('POST', '/api/v1/sources', body);
  }
  checkpoint({ id }: CheckpointPath): Promise<Digest> {
    return this.call('GET', '/api/v1/checkpoints/' + id);
  }
  ledger(query: LedgerQuery = {}): Promise<Ledger> {
    return this.call('GET', '/api/v1/ledger?' + Client.query(query));
  }
}

export async function overview(client: Client): Promise<string[]> {
  const items = await client.items({ limit: 10, kind: 'article' });
  const titles: (string | null)[] = items.map((item: Item) => item.title);
  const { source, created, itemsAdded } = await client.subscribe({ url: 'https://blog.example/', pick: 1 });
  const push: boolean | null = source.wouldPush;
  const digest = await client.checkpoint({ id: 1 });
  const budget: number = digest.checkpoint.budgetMinutes;
  const due: string = digest.checkpoint.dueAt;
  const reasons: string[] = digest.items.flatMap((i) => i.parts.map((p) => p.why));
  const days = await client.ledger({ from: '2026-03-01', to: '2026-03-07' });
  const spared: number = days.reduce((n, d) => n + d.interruptionsSpared, 0);
  // @ts-expect-error an item's id is a number
  const wrongId: string = items[0]!.id;
  // @ts-expect-error kind is one of the item kinds
  await client.items({ kind: 'podcast' });
  // @ts-expect-error a subscription needs its url
  await client.subscribe({ pick: 1 });
  // @ts-expect-error a digest has no such field
  digest.checkpoint.nonsense;
  return [...titles.map(String), source.name, String(created), String(itemsAdded), String(push),
    String(budget), due, ...reasons, String(spared), wrongId];
}
`;

/** Type-checks the files of `dir` as one strict project; the error messages of each file. */
function typeErrors(dir: string, files: string[]): Map<string, string[]> {
  const program = ts.createProgram(
    files.map((f) => join(dir, f)),
    {
      strict: true,
      noEmit: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
    },
  );
  const errors = new Map(files.map((f) => [f, [] as string[]]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? d.file.fileName.slice(dir.length + 1) : '';
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0;
    const list = errors.get(file) ?? errors.set(file, []).get(file)!;
    list.push(`${file}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  return errors;
}

// The document does not depend on the database, so one dialect is enough.
describe('the OpenAPI document of a running app', () => {
  let t: TestApp;
  let running: RunningHttp;
  let doc: Json;
  let dir: string;

  beforeAll(async () => {
    t = await openTestApp('sqlite');
    running = await serveHttpApp(t.app);
    const res = await fetch(`${running.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Json;
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-openapi-'));
  });
  afterAll(async () => {
    await running?.close();
    await t?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('passes swagger-parser validation, with every $ref inside the document', async () => {
    // validate() dereferences the object it is given: hand it a copy.
    const api = await SwaggerParser.validate(structuredClone(doc) as never, {
      resolve: { external: false },
    });
    expect(api.info.title).toBe('Checkpoint API');
    expect(doc.openapi).toBe('3.0.3');

    const schemas = (doc.components as { schemas: Json }).schemas;
    for (const name of ['Item', 'Source', 'Checkpoint', 'DigestItem', 'LedgerDay', 'Error']) {
      expect(Object.keys(schemas), name).toContain(name);
    }
    const refs = new Set(refsIn(doc));
    expect(refs.size).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(Object.keys(schemas), ref).toContain(ref.slice('#/components/schemas/'.length));
    }
    // Nothing of JSON Schema that OpenAPI 3.0 lacks.
    const text = JSON.stringify(doc);
    for (const keyword of ['"$schema"', '"definitions"', '"$defs"', '"const"', '"type":[']) {
      expect(text, keyword).not.toContain(keyword);
    }
  });

  it('generates TypeScript types that a typed client compiles against', {
    timeout: 120_000,
  }, async () => {
    const types = astToString(await openapiTS(structuredClone(doc) as unknown as OpenAPI3));
    await writeFile(join(dir, 'api.ts'), types);
    await writeFile(join(dir, 'client.ts'), TYPED_CLIENT);
    // The check is not blind: a client reading a field the API does not have fails it.
    await writeFile(
      join(dir, 'wrong.ts'),
      `import type { components } from './api.ts';\n` +
        `export const f = (i: components['schemas']['Item']): string => i.headline;\n`,
    );
    const errors = typeErrors(dir, ['client.ts', 'wrong.ts']);
    expect(Object.fromEntries(errors)).toEqual({
      'client.ts': [],
      'wrong.ts': [expect.stringMatching(/^wrong\.ts:2: Property 'headline' does not exist/)],
    });
  });
});

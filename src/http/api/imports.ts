import type { Hono } from 'hono';
import { z } from 'zod';
import type { App } from '../../services/app.ts';
import { importExport } from '../../services/sources/imports.ts';
import { IMPORT_KINDS } from '../../sources/imports/common.ts';
import type { ApiEnv } from '../env.ts';
import { type AnyRouteSpec, addRoute } from './route.ts';
import { importResultSchema } from './social-schemas.ts';

/** A request body as an async iterable of chunks (streamed into the ZIP reader). */
async function* bodyChunks(stream: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** `/api/v1/imports`: upload a data export (ZIP or single file). */
export function importRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'post',
    path: '/imports',
    tag: 'imports',
    summary:
      'Import a data export (X, LinkedIn, Facebook, Instagram, WhatsApp, Snapchat) as archive items; importing twice adds nothing',
    query: z.object({
      kind: z.enum(IMPORT_KINDS).optional().describe('sniffed from the files when omitted'),
      tz: z
        .string()
        .max(100)
        .optional()
        .describe('IANA zone of the export’s local times (WhatsApp); default UTC'),
      name: z
        .string()
        .max(300)
        .optional()
        .describe('the file name (WhatsApp names the chat in it)'),
    }),
    rawBody: {
      contentType: 'application/zip',
      description: 'the export: a ZIP or one file (.js, .csv, .json, .txt)',
    },
    response: importResultSchema,
    errors: {
      400: 'not an export Checkpoint reads, or malformed (the message names the file and line or field)',
    },
    handler: async (c, { query, user }) => {
      const declared = c.req.header('content-length');
      return await importExport(app, user.id, query.name ?? 'upload', bodyChunks(c.req.raw.body), {
        kind: query.kind ?? null,
        tz: query.tz ?? null,
        size: declared && /^\d+$/.test(declared) ? Number(declared) : null,
      });
    },
  });
}

import { z } from 'zod';
import { ITEM_KINDS } from '../../domain/types.ts';

/** Response shapes of `/api/v1`, the same as the CLI's `--json` output (DESIGN.md). */
export const itemSchema = z
  .object({
    id: z.number().int(),
    sourceId: z.number().int(),
    sourceKind: z.string(),
    kind: z.enum(ITEM_KINDS as [string, ...string[]]),
    title: z.string().nullable(),
    url: z.string().nullable(),
    author: z.string().nullable(),
    publishedAt: z
      .string()
      .nullable()
      .describe('ISO-8601 UTC; the first-seen time when the source gave none'),
    receivedAt: z.string(),
    wouldPush: z.boolean(),
    priority: z.number().int().min(1).max(5),
    read: z.boolean(),
    starred: z.boolean(),
    dismissed: z.boolean(),
    clusterId: z.number().int().nullable(),
    contentHtml: z.string().nullable().describe('sanitised HTML'),
  })
  .meta({ id: 'Item' });

export const sourceSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    name: z.string(),
    url: z.string().nullable(),
    siteUrl: z.string().nullable(),
    categoryId: z.number().int().nullable(),
    enabled: z.boolean(),
    intervalMinutes: z.number().int(),
    cadence: z.string(),
    weight: z.number(),
    wouldPush: z.boolean().nullable().describe('null = the default of the source kind'),
    lastCheckedAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    nextCheckAt: z.string().nullable(),
    errorCount: z.number().int(),
    lastError: z.string().nullable(),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Source' });

export const feedCandidateSchema = z
  .object({ url: z.string(), title: z.string().nullable(), type: z.string().nullable() })
  .meta({ id: 'FeedCandidate' });

export const refreshResultSchema = z
  .object({
    sourceId: z.number().int(),
    name: z.string(),
    status: z.enum(['ok', 'not_modified', 'error', 'gone', 'retry_later', 'busy', 'held_back']),
    inserted: z.array(z.number().int()),
    updated: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: 'RefreshResult' });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });

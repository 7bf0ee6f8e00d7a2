import { z } from 'zod';
import { channelSchema as channelTargetSchema } from '../../channels/registry.ts';
import { ITEM_KINDS } from '../../domain/types.ts';
import { sourceKindNames } from '../../sources/registry.ts';

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
    kind: z.enum(sourceKindNames()),
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
    warning: z
      .string()
      .nullable()
      .describe('the last fetch stored its items but could not do everything (a refused move)'),
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
    warning: z.string().nullable().optional().describe('stored, with this warning'),
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

export const scorePartSchema = z
  .object({
    part: z.string(),
    points: z.number(),
    why: z.string().describe('The reason in English'),
    key: z
      .string()
      .optional()
      .describe('The reason as a message key of the web UI (`why.…`); absent in older digests'),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .describe('The parameters of `key`'),
  })
  .meta({ id: 'ScorePart' });

export const checkpointRefSchema = z
  .object({
    id: z.number().int(),
    dueAt: z.string(),
    builtAt: z.string().nullable(),
    budgetMinutes: z.number().int(),
  })
  .meta({ id: 'CheckpointRef' });

export const checkpointSchema = checkpointRefSchema
  .extend({
    openedAt: z.string().nullable(),
    doneAt: z.string().nullable(),
    itemCount: z.number().int(),
    totalSeconds: z.number().int(),
    laterCount: z.number().int(),
    overflow: z.array(
      z.object({ sourceId: z.number().int(), sourceName: z.string(), count: z.number().int() }),
    ),
  })
  .meta({ id: 'Checkpoint' });

export const digestItemSchema = itemSchema
  .extend({
    summary: z.string().nullable(),
    score: z.number(),
    parts: z.array(scorePartSchema),
    readingSeconds: z.number().int(),
    sourceName: z.string(),
    alsoFrom: z.array(
      z.object({
        itemId: z.number().int(),
        sourceId: z.number().int(),
        sourceName: z.string(),
        url: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'DigestItem' });

/** A notice channel: the one schema of each channel, from the channel registry. */
export const channelSchema = channelTargetSchema.meta({ id: 'Channel' });

const times = z.array(z.string());
export const scheduleSchema = z
  .object({
    tz: z.string(),
    times: z.object({
      mon: times,
      tue: times,
      wed: times,
      thu: times,
      fri: times,
      sat: times,
      sun: times,
    }),
    budgetMinutes: z.number().int(),
    perSourceLimit: z.number().int(),
    notify: z.array(channelSchema),
    showWaiting: z.boolean(),
    nextCheckpointAt: z.string().nullable(),
  })
  .meta({ id: 'Schedule' });

export const ledgerDaySchema = z
  .object({
    date: z.string(),
    pushesReceived: z.number().int(),
    breakthroughs: z.number().int(),
    checkpointNotices: z.number().int(),
    interruptions: z.number().int(),
    interruptionsSpared: z.number().int(),
    checkpointsBuilt: z.number().int(),
    checkpointsOpened: z.number().int(),
    pullsBetween: z.number().int(),
    itemsRead: z.number().int(),
    itemsDismissed: z.number().int(),
    breakthroughsUndelivered: z
      .number()
      .int()
      .describe('Breakthroughs no channel could deliver (never counted as spared)'),
  })
  .meta({ id: 'LedgerDay' });

export const rulePreviewSchema = z
  .object({
    days: z.number().int(),
    matched: z.number().int(),
    brokeThrough: z.number().int(),
    heldByCap: z.number().int(),
    examples: z.array(
      z.object({ id: z.number().int(), title: z.string().nullable(), receivedAt: z.string() }),
    ),
  })
  .meta({ id: 'RulePreview' });

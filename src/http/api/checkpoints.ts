import type { Hono } from 'hono';
import { z } from 'zod';
import { isCalendarDate } from '../../domain/calendar-date.ts';
import { ValidationError } from '../../domain/errors.ts';
import { parseDays } from '../../domain/schedule.ts';
import type { App } from '../../services/app.ts';
import {
  checkpointDigest,
  finishCheckpoint,
  LATER_LIMIT,
  laterItems,
  listCheckpoints,
  pull,
  undoDone,
} from '../../services/checkpoints/checkpoints.ts';
import { lastWeek, ledgerDays } from '../../services/checkpoints/ledger.ts';
import { ruleInputSchema } from '../../services/checkpoints/rule-input.ts';
import {
  getRule,
  listRules,
  previewRule,
  removeRule,
  saveNewRule,
  saveRuleEdit,
  undoRule,
} from '../../services/checkpoints/rules.ts';
import { getSchedule, setSchedule } from '../../services/checkpoints/schedules.ts';
import type { ApiEnv } from '../env.ts';
import { laterRoutes } from './later.ts';
import { type AnyRouteSpec, addRoute, idParams } from './route.ts';
import {
  channelSchema,
  checkpointRefSchema,
  checkpointSchema,
  digestItemSchema,
  itemSchema,
  ledgerDaySchema,
  rulePreviewSchema,
  scheduleSchema,
  scorePartSchema,
} from './schemas.ts';

const pullItem = itemSchema.extend({ score: z.number(), parts: z.array(scorePartSchema) });
const ruleSchema = ruleInputSchema.and(z.object({ id: z.number().int(), createdAt: z.string() }));
/** A saved rule, with how many held items it now acts on (a save applies to what is held). */
const savedRuleSchema = ruleSchema.and(z.object({ appliedToHeld: z.number().int() }));
const ruleUndoneSchema = z.object({
  ruleId: z.number().int(),
  removed: z.boolean(),
  restored: z.number().int(),
});
const doneSummarySchema = z.object({
  read: z.number().int(),
  dismissed: z.number().int(),
  skipped: z.number().int(),
  later: z.number().int(),
});
const date = z.string().refine(isCalendarDate, 'must be a day like 2026-03-02');

/** Pull now, recent checkpoints, one checkpoint's digest, done, and Later. */
function pullRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'post',
    path: '/pull',
    tag: 'checkpoints',
    summary:
      'Open the current checkpoint, or pull now when none is waiting (recorded in the ledger)',
    response: z.object({ checkpoint: checkpointRefSchema.nullable(), items: z.array(pullItem) }),
    handler: async (_c, { user }) => {
      const result = await pull(app, user);
      return {
        checkpoint: result.checkpoint,
        items: result.items.map(
          ({ readingSeconds: _r, sourceName: _s, alsoFrom: _a, summary: _m, ...item }) => item,
        ),
      };
    },
  });

  addRoute(router, registry, {
    method: 'get',
    path: '/checkpoints',
    tag: 'checkpoints',
    summary: 'Recent checkpoints, newest first',
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
    response: z.array(checkpointSchema),
    handler: async (_c, { query, user }) => await listCheckpoints(app, user.id, query.limit),
  });

  addRoute(router, registry, {
    method: 'get',
    path: '/checkpoints/:id',
    tag: 'checkpoints',
    summary: 'One checkpoint with its digest (does not count as opening it)',
    params: idParams,
    response: z.object({ checkpoint: checkpointSchema, items: z.array(digestItemSchema) }),
    handler: async (_c, { params, user }) =>
      await checkpointDigest(app, user, params.id, { open: false }),
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/checkpoints/:id/done',
    tag: 'checkpoints',
    summary:
      'Mark a checkpoint done: its items count as seen. Done twice answers 200 with alreadyDone: true and changes nothing',
    params: idParams,
    response: checkpointSchema.extend({ alreadyDone: z.boolean(), summary: doneSummarySchema }),
    handler: async (_c, { params, user }) => {
      const { checkpoint, alreadyDone, summary } = await finishCheckpoint(app, user, params.id);
      return { ...checkpoint, alreadyDone, summary };
    },
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/checkpoints/:id/undo',
    tag: 'checkpoints',
    summary:
      'Undo Done: the items it marked seen are held again and the checkpoint is open (undone: false when it was not done)',
    params: idParams,
    response: checkpointSchema.extend({ undone: z.boolean() }),
    handler: async (_c, { params, user }) => {
      const { checkpoint, undone } = await undoDone(app, user, params.id);
      return { ...checkpoint, undone };
    },
  });

  addRoute(router, registry, {
    method: 'get',
    path: '/later',
    tag: 'checkpoints',
    summary: `Held items that are not in the current digest, ranked (${LATER_LIMIT} a page)`,
    query: z.object({
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(200).default(LATER_LIMIT),
    }),
    response: z.array(digestItemSchema),
    handler: async (_c, { user, query }) =>
      (await laterItems(app, user, query.limit, query.offset)).items,
  });
}

/** The schedule: read and change it. */
function scheduleRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/schedule',
    tag: 'schedule',
    summary: 'Your schedule',
    response: scheduleSchema,
    handler: async (_c, { user }) => await getSchedule(app, user),
  });

  addRoute(router, registry, {
    method: 'patch',
    path: '/schedule',
    tag: 'schedule',
    summary: 'Change times (for some days), time zone, budget and notice channels',
    body: z.object({
      times: z.array(z.string()).max(24).optional(),
      days: z.string().optional().describe('mon-fri, sat,sun, daily … (default every day)'),
      tz: z.string().optional(),
      budgetMinutes: z.number().int().min(1).max(600).optional(),
      perSourceLimit: z.number().int().min(1).max(100).optional(),
      notify: z.array(channelSchema).optional(),
      showWaiting: z.boolean().optional(),
    }),
    response: scheduleSchema,
    handler: async (_c, { body, user }) => {
      const days = body.days === undefined ? undefined : parseDays(body.days);
      if (days === null)
        throw new ValidationError(`schedule: days must look like mon-fri (got "${body.days}")`);
      const { days: _days, ...rest } = body;
      return await setSchedule(app, user, { ...rest, ...(days ? { days } : {}) } as Parameters<
        typeof setSchedule
      >[2]);
    },
  });
}

/** Rules: list, add, and preview one before saving it. */
function ruleListRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/rules',
    tag: 'rules',
    summary: 'Your rules',
    response: z.array(ruleSchema),
    handler: async (_c, { user }) => await listRules(app, user.id),
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/rules',
    tag: 'rules',
    summary: 'Add a rule (DESIGN.md "Rules" JSON); it applies to the items held now',
    body: ruleInputSchema,
    response: savedRuleSchema,
    status: 201,
    handler: async (_c, { body, user }) => {
      const saved = await saveNewRule(app, user.id, body);
      return { ...saved.rule, appliedToHeld: saved.applied };
    },
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/rules/preview',
    tag: 'rules',
    summary: 'What a rule would have matched in the last 7 days, before saving it',
    body: ruleInputSchema,
    response: rulePreviewSchema,
    handler: async (_c, { body, user }) => await previewRule(app, user.id, body),
  });
}

/** One rule: read, replace, test against the last 7 days, remove. */
function ruleRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/rules/:id',
    tag: 'rules',
    summary: 'One rule',
    params: idParams,
    response: ruleSchema,
    handler: async (_c, { params, user }) => await getRule(app, user.id, params.id),
  });

  addRoute(router, registry, {
    method: 'put',
    path: '/rules/:id',
    tag: 'rules',
    summary: 'Replace a rule; the new version applies to the items held now',
    params: idParams,
    body: ruleInputSchema,
    response: savedRuleSchema,
    handler: async (_c, { params, body, user }) => {
      const saved = await saveRuleEdit(app, user.id, params.id, body);
      return { ...saved.rule, appliedToHeld: saved.applied };
    },
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/rules/:id/undo',
    tag: 'rules',
    summary:
      'Undo the latest save of a rule: the held items it muted or tagged, and the rule, as they were',
    params: idParams,
    response: ruleUndoneSchema,
    handler: async (_c, { params, user }) => await undoRule(app, user.id, params.id),
  });

  addRoute(router, registry, {
    method: 'get',
    path: '/rules/:id/test',
    tag: 'rules',
    summary: 'What the rule would have matched in the last 7 days',
    params: idParams,
    response: rulePreviewSchema,
    handler: async (_c, { params, user }) => {
      const { id: _id, createdAt: _created, ...spec } = await getRule(app, user.id, params.id);
      return await previewRule(app, user.id, spec);
    },
  });

  addRoute(router, registry, {
    method: 'delete',
    path: '/rules/:id',
    tag: 'rules',
    summary: 'Remove a rule',
    params: idParams,
    status: 204,
    handler: async (_c, { params, user }) => {
      await removeRule(app, user.id, params.id);
      return null;
    },
  });
}

/** The ledger's daily rows. */
function ledgerRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/ledger',
    tag: 'ledger',
    summary: 'Daily ledger rows (dates in your time zone; default the last 7 days)',
    query: z.object({ from: date.optional(), to: date.optional() }),
    response: z.array(ledgerDaySchema),
    handler: async (_c, { query, user }) => {
      const week = lastWeek(app.clock.now(), user.tz);
      const to = query.to ?? week.to;
      return await ledgerDays(app, user, query.from ?? (query.to ? to : week.from), to);
    },
  });
}

/** Checkpoints, pull, Later, schedule, rules and the ledger under `/api/v1`. */
export function checkpointRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  pullRoutes(router, registry, app);
  laterRoutes(router, registry, app);
  scheduleRoutes(router, registry, app);
  ruleListRoutes(router, registry, app);
  ruleRoutes(router, registry, app);
  ledgerRoutes(router, registry, app);
}

import { type Executor, transaction } from '../../db/connect.ts';
import {
  deleteRule,
  findRule,
  insertRule,
  itemsForRulePreview,
  listRules as listRuleRows,
  updateRule as updateRuleRow,
} from '../../db/repos/rules.ts';
import type { RuleRow } from '../../db/schema.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { type RuleSubject, ruleMatches } from '../../domain/rules.ts';
import { htmlToText } from '../../lib/html/text.ts';
import type { App } from '../app.ts';
import { applyToHeld, type RuleUndone, undoRuleChange } from './rule-changes.ts';
import { parseRule, type RuleInput, storedRule } from './rule-input.ts';

/** A rule as the API and `rule list --json` show it: the rule JSON plus id and dates. */
export type RuleView = RuleInput & { id: number; createdAt: string };

export interface ActiveRule {
  id: number;
  spec: RuleInput;
}

export function toRuleView(row: RuleRow): RuleView {
  const spec = storedRule(row.spec, row.id);
  return {
    id: row.id,
    ...spec,
    enabled: row.enabled === 1,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A rule just saved, with what it did to the held items and the save's undo id. */
export interface SavedRule {
  rule: RuleView;
  /** Held items the rule now acts on (0 for a breakthrough: it never fires after the fact). */
  applied: number;
  changeId: number;
}

/**
 * Adds a rule and applies it to what is held now (see `applyToHeld`), in one transaction.
 *
 * @example const { rule, applied } = await saveNewRule(app, user.id, { name: 'Quiet', when: […], action: 'mute' })
 */
export async function saveNewRule(app: App, userId: number, input: unknown): Promise<SavedRule> {
  const spec = parseRule(input);
  const now = app.clock.now().getTime();
  return await transaction(app.db, async (trx) => {
    const row = await insertRule(trx, {
      user_id: userId,
      name: spec.name,
      enabled: spec.enabled ? 1 : 0,
      spec: JSON.stringify(spec),
      created_at: now,
      updated_at: now,
    });
    const done = await applyToHeld(trx, userId, row.id, spec, null, now);
    return { rule: toRuleView(row), ...done };
  });
}

/** Adds a rule (applied to what is held now, like {@link saveNewRule}). */
export async function addRule(app: App, userId: number, input: unknown): Promise<RuleView> {
  return (await saveNewRule(app, userId, input)).rule;
}

export async function listRules(app: App, userId: number): Promise<RuleView[]> {
  const rows = await listRuleRows(app.db.kysely, userId);
  return rows.map(toRuleView);
}

export async function getRule(app: App, userId: number, id: number): Promise<RuleView> {
  const row = await findRule(app.db.kysely, userId, id);
  if (!row) throw new NotFoundError(`rule: no rule ${id}`);
  return toRuleView(row);
}

/**
 * Replaces a rule and applies the new version to what is held now, as a new rule is; the
 * save can be undone (the old version comes back).
 *
 * @example const { applied } = await saveRuleEdit(app, user.id, 3, { …rule, action: 'mute' })
 */
export async function saveRuleEdit(
  app: App,
  userId: number,
  id: number,
  input: unknown,
): Promise<SavedRule> {
  const spec = parseRule(input);
  const now = app.clock.now().getTime();
  const done = await transaction(app.db, async (trx) => {
    const before = await findRule(trx, userId, id);
    if (!before) throw new NotFoundError(`rule: no rule ${id}`);
    await updateRuleRow(trx, userId, id, {
      name: spec.name,
      enabled: spec.enabled ? 1 : 0,
      spec: JSON.stringify(spec),
      updated_at: now,
    });
    return await applyToHeld(trx, userId, id, spec, before, now);
  });
  return { rule: await getRule(app, userId, id), ...done };
}

/** Replaces a rule (applied to what is held now, like {@link saveRuleEdit}). */
export async function updateRule(
  app: App,
  userId: number,
  id: number,
  input: unknown,
): Promise<RuleView> {
  return (await saveRuleEdit(app, userId, id, input)).rule;
}

/**
 * Undoes the latest save of one of the user's rules: the held items it muted or tagged come
 * back as they were, and the rule returns to its previous version (a new one is removed).
 *
 * @example await undoRule(app, user.id, 3) // { ruleId: 3, removed: true, restored: 33 }
 */
export async function undoRule(app: App, userId: number, id: number): Promise<RuleUndone> {
  const now = app.clock.now().getTime();
  return await transaction(app.db, (trx) => undoRuleChange(trx, userId, id, now));
}

export async function setRuleEnabled(
  app: App,
  userId: number,
  id: number,
  enabled: boolean,
): Promise<RuleView> {
  const rule = await getRule(app, userId, id);
  const { id: _id, createdAt: _created, ...spec } = rule;
  return await updateRule(app, userId, id, { ...spec, enabled });
}

export async function removeRule(app: App, userId: number, id: number): Promise<void> {
  if (!(await deleteRule(app.db.kysely, userId, id)))
    throw new NotFoundError(`rule: no rule ${id}`);
}

/** The user's enabled rules, in creation order. */
export async function activeRules(db: Executor, userId: number): Promise<ActiveRule[]> {
  const rows = await listRuleRows(db, userId, true);
  return rows.map((r) => ({ id: r.id, spec: storedRule(r.spec, r.id) }));
}

function host(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** What rules see of an item. */
export function ruleSubject(
  item: {
    kind: string;
    author: string | null;
    title: string | null;
    content_html: string | null;
    summary?: string | null;
    url: string | null;
    priority: number;
  },
  source: { id: number; name: string; kind: string },
): RuleSubject {
  return {
    source: source.name,
    sourceId: source.id,
    sourceKind: source.kind,
    kind: item.kind,
    author: item.author,
    title: item.title,
    content: item.content_html ? htmlToText(item.content_html) : (item.summary ?? null),
    host: host(item.url),
    priority: item.priority,
  };
}

/** Rules of one action that match a subject. */
export function matching(rules: readonly ActiveRule[], subject: RuleSubject): ActiveRule[] {
  return rules.filter((r) => ruleMatches(r.spec.when, subject));
}

export interface RulePreview {
  days: number;
  matched: number;
  /** For breakthrough rules: how many would have broken through within the hourly cap. */
  brokeThrough: number;
  /** For breakthrough rules: how many the cap would have held. */
  heldByCap: number;
  examples: { id: number; title: string | null; receivedAt: string }[];
}

/**
 * "This rule would have matched 14 items, 2 of which broke through": the rule run over the
 * last 7 days of the user's items, with its hourly cap applied in order of arrival.
 */
export async function previewRule(
  app: App,
  userId: number,
  input: unknown,
  days = 7,
): Promise<RulePreview> {
  const spec = parseRule(input);
  const now = app.clock.now().getTime();
  const rows = await itemsForRulePreview(app.db.kysely, userId, now - days * 86_400_000);
  const preview: RulePreview = { days, matched: 0, brokeThrough: 0, heldByCap: 0, examples: [] };
  const sent: number[] = [];
  for (const row of rows) {
    const subject = ruleSubject(row, {
      id: row.source_id,
      name: row.source_name,
      kind: row.source_kind,
    });
    if (!ruleMatches(spec.when, subject)) continue;
    preview.matched++;
    if (preview.examples.length < 10) {
      preview.examples.push({
        id: row.id,
        title: row.title,
        receivedAt: new Date(row.received_at).toISOString(),
      });
    }
    if (spec.action === 'breakthrough') {
      const inLastHour = sent.filter((t) => t > row.received_at - 3_600_000).length;
      if (inLastHour < spec.perHour) {
        sent.push(row.received_at);
        preview.brokeThrough++;
      } else preview.heldByCap++;
    }
  }
  return preview;
}

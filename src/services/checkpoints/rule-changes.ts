import type { Executor } from '../../db/connect.ts';
import {
  dismissForRuleChange,
  insertRuleChange,
  latestRuleChange,
  markRuleChangeUndone,
  revertRuleChangeItems,
  tagForRuleChange,
} from '../../db/repos/rule-changes.ts';
import { deleteRule, heldItemsForRules, updateRule } from '../../db/repos/rules.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { ruleMatches } from '../../domain/rules.ts';
import { type RuleInput, storedRule } from './rule-input.ts';
import { ruleSubject } from './rules.ts';

/** The held items a rule matches now: what saving it would act on. */
export interface HeldMatch {
  /** How many held items match (every one of them, not only the listed titles). */
  count: number;
  /** The newest matches, for the form to list before saving. */
  examples: { id: number; title: string | null; receivedAt: string }[];
  ids: number[];
}

/** How many titles the preview lists. */
const EXAMPLES = 10;

/**
 * The user's held items (in no finished checkpoint, unread, not dismissed) the rule's
 * conditions match, newest first. Breakthrough rules act on none of them: an item that is
 * already held never interrupts after the fact.
 *
 * @example const { count } = await heldMatches(app.db.kysely, user.id, spec)
 */
export async function heldMatches(
  db: Executor,
  userId: number,
  spec: RuleInput,
): Promise<HeldMatch> {
  const out: HeldMatch = { count: 0, examples: [], ids: [] };
  if (spec.action === 'breakthrough' || !spec.enabled) return out;
  for (const row of await heldItemsForRules(db, userId)) {
    const subject = ruleSubject(row, {
      id: row.source_id,
      name: row.source_name,
      kind: row.source_kind,
    });
    if (!ruleMatches(spec.when, subject)) continue;
    out.count++;
    out.ids.push(row.id);
    if (out.examples.length < EXAMPLES) {
      out.examples.push({
        id: row.id,
        title: row.title,
        receivedAt: new Date(row.received_at).toISOString(),
      });
    }
  }
  return out;
}

/** What one save did: how many held items it applies to, and the id that undoes it. */
export interface RuleApplied {
  changeId: number;
  applied: number;
}

/**
 * Applies a just-saved rule to what is held now, inside the save's transaction: a mute
 * dismisses, a tag tags (both remembered item by item, for undo); boost and lower act when
 * the next checkpoint is ranked, so they count without changing a row; a breakthrough never
 * fires for held items. `previous` is the rule before the save (null for a new rule).
 *
 * @example await applyToHeld(trx, user.id, rule.id, spec, null, now) // { changeId: 7, applied: 33 }
 */
export async function applyToHeld(
  trx: Executor,
  userId: number,
  ruleId: number,
  spec: RuleInput,
  previous: { spec: string; enabled: 0 | 1 } | null,
  now: number,
): Promise<RuleApplied> {
  const held = await heldMatches(trx, userId, spec);
  const changeId = await insertRuleChange(trx, {
    user_id: userId,
    rule_id: ruleId,
    previous_spec: previous?.spec ?? null,
    previous_enabled: previous?.enabled ?? null,
    applied: held.count,
    created_at: now,
  });
  if (spec.action === 'mute') await dismissForRuleChange(trx, userId, changeId, held.ids, now);
  else if (spec.action === 'tag' && spec.tag)
    await tagForRuleChange(trx, userId, changeId, held.ids, spec.tag, now);
  return { changeId, applied: held.count };
}

/** What an undo did: the rule is gone (it was new) or back as it was; items restored. */
export interface RuleUndone {
  ruleId: number;
  removed: boolean;
  restored: number;
}

/**
 * Undoes the latest save of a rule: the items it muted or tagged get their previous state
 * back (a dismissal the user made since stays), and the rule goes back to what it was — a
 * new rule is removed. Only the latest save of a rule can be undone, once.
 *
 * @example await undoRuleChange(trx, user.id, ruleId, now) // { removed: true, restored: 33 }
 */
export async function undoRuleChange(
  trx: Executor,
  userId: number,
  ruleId: number,
  now: number,
): Promise<RuleUndone> {
  const change = await latestRuleChange(trx, userId, ruleId);
  if (!change) throw new NotFoundError(`rule: no change of rule ${ruleId} to undo`);
  if (!(await markRuleChangeUndone(trx, change.id, now)))
    throw new ValidationError(`rule: the last change of rule ${ruleId} was already undone`, [], {
      localised: { key: 'rules.undo.already' },
    });
  const restored = await revertRuleChangeItems(trx, userId, change.id);
  if (change.previous_spec === null) {
    await deleteRule(trx, userId, ruleId);
    return { ruleId, removed: true, restored };
  }
  const previous = storedRule(change.previous_spec, ruleId);
  await updateRule(trx, userId, ruleId, {
    name: previous.name,
    enabled: change.previous_enabled ?? 1,
    spec: change.previous_spec,
    updated_at: now,
  });
  return { ruleId, removed: false, restored };
}

/**
 * The latest save of one of the user's rules while it can still be undone (null once undone),
 * with how many held items it applied to: what "Applied to 33 held items · Undo" shows.
 *
 * @example await undoableChange(app.db.kysely, user.id, 3) // { applied: 33 }
 */
export async function undoableChange(
  db: Executor,
  userId: number,
  ruleId: number,
): Promise<{ applied: number } | null> {
  const latest = await latestRuleChange(db, userId, ruleId);
  return latest && latest.undone_at === null ? { applied: latest.applied } : null;
}

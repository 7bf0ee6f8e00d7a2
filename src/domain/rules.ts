import { z } from 'zod';

/** Fields a rule condition can look at (DESIGN.md "Rules"). */
export const RULE_FIELDS = [
  'source',
  'sourceKind',
  'kind',
  'author',
  'title',
  'content',
  'host',
  'priority',
] as const;
export const RULE_OPS = ['contains', 'equals', 'matches', 'gte', 'lte'] as const;
export const RULE_ACTIONS = ['breakthrough', 'mute', 'boost', 'lower', 'tag'] as const;

export type RuleField = (typeof RULE_FIELDS)[number];
export type RuleAction = (typeof RULE_ACTIONS)[number];

/**
 * What a new rule does until the user picks otherwise: "lower" is the mildest action that
 * needs nothing more — it neither hides (mute) nor interrupts (breakthrough), only moves the
 * items down the next digest, and "tag" would first need a tag's name.
 */
export const DEFAULT_RULE_ACTION: RuleAction = 'lower';

const MAX_REGEX = 500;

/** One condition of a rule: `field op value` (checked: numbers for gte/lte, a valid regex). */
export const ruleConditionSchema = z
  .object({
    field: z.enum(RULE_FIELDS),
    op: z.enum(RULE_OPS),
    value: z.union([z.string().min(1).max(1000), z.number()]),
  })
  .superRefine((c, ctx) => {
    if (
      (c.op === 'gte' || c.op === 'lte') &&
      typeof c.value !== 'number' &&
      Number.isNaN(Number(c.value))
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `${c.op} needs a number`,
        params: { key: 'error.rule.number' },
      });
    }
    if (c.op === 'matches') {
      const source = String(c.value);
      if (source.length > MAX_REGEX)
        ctx.addIssue({
          code: 'custom',
          message: `regex longer than ${MAX_REGEX} characters`,
          params: { key: 'error.rule.regexLong', max: MAX_REGEX },
        });
      try {
        new RegExp(source, 'iu');
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `not a valid regex: ${(error as Error).message}`,
          params: { key: 'error.rule.regex', reason: (error as Error).message },
        });
      }
    }
  });

export type RuleCondition = z.infer<typeof ruleConditionSchema>;

/**
 * A rule without where it delivers: `deliver` is a channel target, whose schema lives with
 * the channels (src/channels); the rule schema that adds it is in services/checkpoints.
 */
export interface RuleBase {
  name: string;
  enabled: boolean;
  when: RuleCondition[];
  action: RuleAction;
  amount?: number | undefined;
  tag?: string | undefined;
  perHour: number;
}

/** What rules look at: one item with its source. */
export interface RuleSubject {
  source: string;
  sourceId: number;
  sourceKind: string;
  kind: string;
  author: string | null;
  title: string | null;
  /** Plain text of the content. */
  content: string | null;
  host: string | null;
  priority: number;
}

const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, 'iu');
    if (compiled.size > 1000) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Long bodies are matched on their first 20,000 characters (bounds regex cost). */
const MAX_FIELD = 20_000;

function fieldValue(subject: RuleSubject, field: RuleField): string | number | null {
  const value = subject[field];
  return typeof value === 'string' ? value.slice(0, MAX_FIELD) : value;
}

/**
 * Does one condition hold? `contains` matches whole words case-insensitively ("rust" matches
 * "Rust 1.80", not "trust"); `equals` is case-insensitive for text; `matches` is a
 * case-insensitive regex; `gte`/`lte` compare numbers (priority). `source` also accepts the
 * source id with `equals`.
 *
 * @example conditionHolds({ field: 'priority', op: 'gte', value: 5 }, subject)
 */
export function conditionHolds(condition: RuleCondition, subject: RuleSubject): boolean {
  const actual = fieldValue(subject, condition.field);
  if (actual === null || actual === undefined) return false;
  const expected = condition.value;
  switch (condition.op) {
    case 'gte':
    case 'lte': {
      const a = Number(actual);
      const b = Number(expected);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return condition.op === 'gte' ? a >= b : a <= b;
    }
    case 'equals':
      if (condition.field === 'source' && String(subject.sourceId) === String(expected))
        return true;
      if (typeof actual === 'number') return actual === Number(expected);
      return actual.trim().toLowerCase() === String(expected).trim().toLowerCase();
    case 'contains': {
      const words = String(expected).trim().split(/\s+/).map(escapeRegex).join('\\s+');
      return regex(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`).test(String(actual));
    }
    case 'matches':
      return regex(String(expected)).test(String(actual));
  }
}

/** Every condition of the rule must hold. */
export function ruleMatches(when: readonly RuleCondition[], subject: RuleSubject): boolean {
  return when.every((c) => conditionHolds(c, subject));
}

/** The rule setup suggests: urgent pushes (priority 5) break through. An ordinary rule. */
export const SUGGESTED_RULE: RuleBase = {
  name: 'Urgent pushes break through',
  enabled: true,
  when: [{ field: 'priority', op: 'gte', value: 5 }],
  action: 'breakthrough',
  perHour: 3,
};

import type { Localised } from '../../domain/errors.ts';

/** The parts of a zod issue the mapping needs (a small interface, not zod's own type). */
export interface RuleIssue {
  path: readonly PropertyKey[];
  message: string;
  params?: Record<string, unknown>;
}

const byField: Record<string, string> = {
  name: 'error.rule.name',
  when: 'error.rule.when',
  tag: 'error.rule.tag',
  deliver: 'error.rule.deliver',
  amount: 'error.rule.amount',
  perHour: 'error.rule.perHour',
};

/**
 * The catalog message of the first problem of a rule, so that the web UI can say it in the
 * user's language; the English message (with every issue and its path) stays the error's own.
 * Conditions are counted from 1, as the form shows them.
 *
 * @example ruleIssueMessage({ path: ['when', 0, 'value'], message: '…', params: { key: 'error.rule.regex', reason: '…' } }, input)
 */
export function ruleIssueMessage(issue: RuleIssue, input: unknown): Localised {
  const [field, index] = issue.path;
  if (field === 'when' && typeof index === 'number') {
    const n = index + 1;
    const { key, ...params } = (issue.params ?? {}) as Record<string, string | number>;
    if (typeof key === 'string') return { key, params: { ...params, n } };
    const op = (input as { when?: { op?: unknown }[] } | null)?.when?.[index]?.op;
    if (op === 'gte' || op === 'lte') return { key: 'error.rule.number', params: { n } };
    return { key: 'error.rule.condition', params: { n } };
  }
  const key = typeof field === 'string' ? byField[field] : undefined;
  if (key) return { key };
  return { key: 'error.rule.invalid', params: { detail: issue.message } };
}

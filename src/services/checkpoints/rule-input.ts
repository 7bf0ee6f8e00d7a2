import { z } from 'zod';
import { channelSchema } from '../../channels/registry.ts';
import { CheckpointError, ValidationError } from '../../domain/errors.ts';
import { RULE_ACTIONS, ruleConditionSchema } from '../../domain/rules.ts';
import { readJson } from '../../lib/json.ts';
import { ruleIssueMessage } from './rule-issues.ts';

/**
 * The rule JSON of the API and `checkpoint rule add --json` (DESIGN.md "Rules"). `deliver`
 * is one channel target, checked by that channel's own schema (src/channels).
 */
export const ruleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    when: z.array(ruleConditionSchema).min(1).max(20),
    action: z.enum(RULE_ACTIONS),
    amount: z.number().min(0).max(1000).optional(),
    tag: z.string().trim().min(1).max(100).optional(),
    deliver: channelSchema.optional(),
    perHour: z.number().int().min(1).max(1000).default(3),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.action === 'tag' && !rule.tag)
      ctx.addIssue({ code: 'custom', path: ['tag'], message: 'a tag rule needs "tag"' });
    if (rule.deliver && rule.action !== 'breakthrough') {
      ctx.addIssue({
        code: 'custom',
        path: ['deliver'],
        message: '"deliver" is only for breakthrough rules',
      });
    }
  });

export type RuleInput = z.infer<typeof ruleInputSchema>;

/** Validates rule JSON; a ValidationError lists every problem with its path. */
export function parseRule(input: unknown): RuleInput {
  const result = ruleInputSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`);
  throw new ValidationError(`rule: ${issues.join('; ')}`, issues, {
    localised: ruleIssueMessage(result.error.issues[0]!, input),
  });
}

/**
 * A stored rule's JSON, checked by the same schema it was stored through: a row that no
 * longer fits fails clearly here instead of misbehaving while items arrive.
 *
 * @example storedRule(row.spec, row.id) // { name: 'Urgent', when: [...], … }
 */
export function storedRule(spec: string, id: number): RuleInput {
  const result = ruleInputSchema.safeParse(readJson(spec));
  if (result.success) return result.data;
  throw new CheckpointError(
    'invalid_rule',
    `rule: stored rule ${id} is not valid: ${result.error.issues.map((i) => i.message).join('; ')}`,
  );
}

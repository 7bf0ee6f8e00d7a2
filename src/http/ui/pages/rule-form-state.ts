import { parseChannelToken } from '../../../channels/registry.ts';
import { DEFAULT_RULE_ACTION } from '../../../domain/rules.ts';
import type { RuleView } from '../../../services/checkpoints/rules.ts';
import { channelToken } from '../../../services/checkpoints/user-channels.ts';

/** The most conditions a rule holds (the rule schema's own bound). */
export const MAX_CONDITIONS = 20;
/** The `deliver` choice that shows a field for a topic URL not used yet. */
export const NEW_NTFY = 'ntfy-new';

/** One condition row as typed (kept as text, so that a refused form comes back as it was). */
export interface ConditionState {
  field: string;
  op: string;
  value: string;
}

/** Everything the rule form holds, as typed. */
export interface RuleFormState {
  name: string;
  enabled: boolean;
  when: ConditionState[];
  action: string;
  amount: string;
  tag: string;
  /** '' (the notice channels), a `--notify` token of one of the user's channels, or NEW_NTFY. */
  deliver: string;
  ntfyUrl: string;
  perHour: string;
}

/** What the button that sent the form asks for. */
export type RuleIntent =
  | { kind: 'save' }
  | { kind: 'preview' }
  | { kind: 'add' }
  | { kind: 'remove'; index: number };

/** A new rule's form: one empty condition, the mildest action. */
export function emptyRuleForm(): RuleFormState {
  return {
    name: '',
    enabled: true,
    when: [{ field: 'title', op: 'contains', value: '' }],
    action: DEFAULT_RULE_ACTION,
    amount: '10',
    tag: '',
    deliver: '',
    ntfyUrl: '',
    perHour: '3',
  };
}

/** The form of an existing rule, filled in. */
export function ruleFormOf(rule: RuleView): RuleFormState {
  return {
    name: rule.name,
    enabled: rule.enabled,
    when: rule.when.map((c) => ({ field: c.field, op: c.op, value: String(c.value) })),
    action: rule.action,
    amount: String(rule.amount ?? 10),
    tag: rule.tag ?? '',
    deliver: rule.deliver ? channelToken(rule.deliver) : '',
    ntfyUrl: '',
    perHour: String(rule.perHour),
  };
}

type Body = Record<string, string | File | (string | File)[]>;

/**
 * Reads the posted form: the conditions are the numbered rows present (`field0`, `field3`…,
 * in order — rows removed in the browser leave gaps), and the button that sent it.
 */
export function readRuleForm(body: Body): { state: RuleFormState; intent: RuleIntent } {
  const get = (name: string) =>
    typeof body[name] === 'string' ? (body[name] as string).trim() : '';
  const when: ConditionState[] = [];
  for (let i = 0; i < MAX_CONDITIONS * 5 && when.length < MAX_CONDITIONS; i++) {
    if (!(`field${i}` in body)) continue;
    when.push({ field: get(`field${i}`), op: get(`op${i}`), value: get(`value${i}`) });
  }
  const state: RuleFormState = {
    name: get('name'),
    enabled: get('enabled') !== '0',
    when: when.length > 0 ? when : emptyRuleForm().when,
    action: get('action') || DEFAULT_RULE_ACTION,
    amount: get('amount') || '10',
    tag: get('tag'),
    deliver: get('deliver'),
    ntfyUrl: get('ntfyUrl'),
    perHour: get('perHour') || '3',
  };
  const button = get('intent');
  const intent: RuleIntent = button.startsWith('remove:')
    ? { kind: 'remove', index: Number(button.slice('remove:'.length)) }
    : button === 'add' || button === 'preview'
      ? { kind: button }
      : { kind: 'save' };
  return { state, intent };
}

/** The rule JSON the form stands for; rows without a value are left out. */
export function ruleOfForm(state: RuleFormState): Record<string, unknown> {
  const when = state.when
    .filter((c) => c.value !== '')
    .map((c) => ({
      field: c.field,
      op: c.op,
      value: c.op === 'gte' || c.op === 'lte' || c.field === 'priority' ? Number(c.value) : c.value,
    }));
  const rule: Record<string, unknown> = {
    name: state.name,
    enabled: state.enabled,
    when,
    action: state.action,
    perHour: Number(state.perHour || 3),
  };
  if (state.action === 'boost' || state.action === 'lower')
    rule.amount = Number(state.amount || 10);
  if (state.action === 'tag') rule.tag = state.tag;
  if (state.action === 'breakthrough') {
    // A picked channel is a `--notify` token; the rule schema checks the target it names.
    const token = state.deliver === NEW_NTFY ? `ntfy:${state.ntfyUrl}` : state.deliver;
    const target = token ? parseChannelToken(token) : null;
    if (target) rule.deliver = target;
  }
  return rule;
}

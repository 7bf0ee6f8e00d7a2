import { describe, expect, it } from 'vitest';
import {
  emptyRuleForm,
  readRuleForm,
  ruleFormOf,
  ruleOfForm,
} from '../../src/http/ui/pages/rule-form-state.ts';

describe('the rule form', () => {
  it('reads the rows present (gaps left by removed rows too) and the button that sent it', () => {
    const { state, intent } = readRuleForm({
      name: ' Alarms ',
      field0: 'title',
      op0: 'contains',
      value0: 'smoke',
      field3: 'priority',
      op3: 'gte',
      value3: '5',
      action: 'breakthrough',
      deliver: 'ntfy-new',
      ntfyUrl: 'https://ntfy.example/alarms',
      intent: 'remove:1',
    });
    expect(intent).toEqual({ kind: 'remove', index: 1 });
    expect(state.when).toEqual([
      { field: 'title', op: 'contains', value: 'smoke' },
      { field: 'priority', op: 'gte', value: '5' },
    ]);
    expect(ruleOfForm(state)).toEqual({
      name: 'Alarms',
      enabled: true,
      when: [
        { field: 'title', op: 'contains', value: 'smoke' },
        { field: 'priority', op: 'gte', value: 5 },
      ],
      action: 'breakthrough',
      perHour: 3,
      deliver: { ntfy: 'https://ntfy.example/alarms' },
    });
  });

  it('saves on Enter (no button named), adds on "Add a condition", and leaves empty rows out', () => {
    expect(readRuleForm({ name: 'x' }).intent).toEqual({ kind: 'save' });
    expect(readRuleForm({ intent: 'add' }).intent).toEqual({ kind: 'add' });
    const { state } = readRuleForm({ field0: 'title', op0: 'contains', value0: '' });
    expect(state.action).toBe('lower');
    expect(ruleOfForm(state)).toMatchObject({ when: [], action: 'lower', amount: 10 });
  });

  it('fills in an existing rule, its channel as the token the select offers', () => {
    const state = ruleFormOf({
      id: 3,
      createdAt: '2026-03-02T08:00:00.000Z',
      name: 'Urgent',
      enabled: false,
      when: [{ field: 'priority', op: 'gte', value: 5 }],
      action: 'breakthrough',
      deliver: { email: 'me@example.org' },
      perHour: 2,
    });
    expect(state).toMatchObject({
      enabled: false,
      deliver: 'email:me@example.org',
      perHour: '2',
      when: [{ field: 'priority', op: 'gte', value: '5' }],
    });
    expect(ruleOfForm(state)).toMatchObject({
      enabled: false,
      deliver: { email: 'me@example.org' },
    });
    expect(emptyRuleForm().when).toHaveLength(1);
  });
});

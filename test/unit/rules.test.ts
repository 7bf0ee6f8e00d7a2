import { describe, expect, it } from 'vitest';
import {
  conditionHolds,
  type RuleSubject,
  ruleMatches,
  SUGGESTED_RULE,
} from '../../src/domain/rules.ts';
import { ruleInputSchema } from '../../src/services/checkpoints/rule-input.ts';

const subject: RuleSubject = {
  source: 'Home Assistant',
  sourceId: 4,
  sourceKind: 'ntfy',
  kind: 'notification',
  author: 'ha@example.org',
  title: 'Water leak in the basement',
  content: 'Sensor kitchen-2 reports water. Trust the sensor.',
  host: 'example.org',
  priority: 5,
};

describe('rule conditions', () => {
  it('contains matches whole words, case-insensitively', () => {
    expect(conditionHolds({ field: 'title', op: 'contains', value: 'LEAK' }, subject)).toBe(true);
    expect(conditionHolds({ field: 'content', op: 'contains', value: 'rust' }, subject)).toBe(
      false,
    );
    expect(
      conditionHolds({ field: 'title', op: 'contains', value: 'in the basement' }, subject),
    ).toBe(true);
  });
  it('equals compares text case-insensitively, numbers exactly, and source by name or id', () => {
    expect(conditionHolds({ field: 'sourceKind', op: 'equals', value: 'NTFY' }, subject)).toBe(
      true,
    );
    expect(conditionHolds({ field: 'source', op: 'equals', value: 4 }, subject)).toBe(true);
    expect(
      conditionHolds({ field: 'source', op: 'equals', value: 'home assistant' }, subject),
    ).toBe(true);
    expect(conditionHolds({ field: 'priority', op: 'equals', value: 4 }, subject)).toBe(false);
  });
  it('matches is a case-insensitive regex; gte/lte compare numbers', () => {
    expect(conditionHolds({ field: 'content', op: 'matches', value: 'kitchen-\\d' }, subject)).toBe(
      true,
    );
    expect(conditionHolds({ field: 'priority', op: 'gte', value: 5 }, subject)).toBe(true);
    expect(conditionHolds({ field: 'priority', op: 'lte', value: 4 }, subject)).toBe(false);
    expect(
      conditionHolds(
        { field: 'author', op: 'matches', value: '^nobody' },
        { ...subject, author: null },
      ),
    ).toBe(false);
  });
  it('needs every condition to hold', () => {
    expect(
      ruleMatches(
        [
          { field: 'priority', op: 'gte', value: 5 },
          { field: 'host', op: 'equals', value: 'example.org' },
        ],
        subject,
      ),
    ).toBe(true);
    expect(
      ruleMatches(
        [
          { field: 'priority', op: 'gte', value: 5 },
          { field: 'kind', op: 'equals', value: 'post' },
        ],
        subject,
      ),
    ).toBe(false);
  });
});

describe('rule JSON', () => {
  it('accepts the DESIGN.md shape and fills defaults', () => {
    const rule = ruleInputSchema.parse({
      name: 'Urgent',
      when: [{ field: 'priority', op: 'gte', value: 5 }],
      action: 'breakthrough',
      deliver: { ntfy: 'https://ntfy.example.org/me' },
    });
    expect(rule).toMatchObject({ enabled: true, perHour: 3 });
    expect(ruleInputSchema.parse(SUGGESTED_RULE).action).toBe('breakthrough');
  });
  it('rejects bad rules with a reason per problem', () => {
    const result = ruleInputSchema.safeParse({
      name: '',
      when: [{ field: 'mood', op: 'matches', value: '(' }],
      action: 'tag',
      deliver: { ntfy: 'ftp://x' },
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'when.0.field']));
  });
});

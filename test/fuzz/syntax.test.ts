import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNotify, parseNotify } from '../../src/channels/registry.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { RULE_ACTIONS, RULE_FIELDS, RULE_OPS, ruleMatches } from '../../src/domain/rules.ts';
import {
  latestDueBetween,
  nextDueAfter,
  normaliseTime,
  parseDays,
  type ScheduleSpec,
  WEEKDAYS,
} from '../../src/domain/schedule.ts';
import { ruleInputSchema } from '../../src/services/checkpoints/rule-input.ts';
import { params, TIMEOUT } from './fuzz.ts';

// The real names, and one of each that no rule may use.
const FIELDS = [...RULE_FIELDS, 'x'];
const OPS = [...RULE_OPS, 'like'];
const condition = fc.record({
  field: fc.constantFrom(...FIELDS),
  op: fc.constantFrom(...OPS),
  value: fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.constantFrom('(', '[a-', '(a+)+$', '\\'),
  ),
});
const ruleLike = fc.record(
  {
    name: fc.string({ maxLength: 40 }),
    enabled: fc.boolean(),
    when: fc.array(condition, { maxLength: 4 }),
    action: fc.constantFrom(...RULE_ACTIONS, 'explode'),
    amount: fc.integer({ min: -1000, max: 1000 }),
    tag: fc.string({ maxLength: 10 }),
    perHour: fc.integer({ min: -5, max: 500 }),
    deliver: fc.oneof(
      fc.record({ ntfy: fc.webUrl() }),
      fc.record({ email: fc.emailAddress() }),
      fc.record({ webpush: fc.boolean() }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
  { requiredKeys: [] },
);

describe('rule and schedule syntax, property-based', () => {
  it(
    'any rule-shaped JSON is accepted or refused with issues; accepted rules match without throwing',
    () => {
      const subject = {
        sourceId: 1,
        source: 'Ops',
        sourceKind: 'ntfy',
        kind: 'notification',
        author: 'grafana',
        title: 'Server down (a+)+',
        content: 'disk full',
        host: 'example.org',
        priority: 5,
      };
      fc.assert(
        fc.property(fc.oneof(ruleLike, fc.jsonValue({ maxDepth: 3 })), (input) => {
          const parsed = ruleInputSchema.safeParse(input);
          if (!parsed.success) {
            expect(parsed.error.issues.length).toBeGreaterThan(0);
            return;
          }
          expect(typeof ruleMatches(parsed.data.when, subject)).toBe('boolean');
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    'times and day lists: any text is a value or null, never a throw',
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 30 }), (text) => {
          const time = normaliseTime(text);
          if (time !== null) expect(time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
          const days = parseDays(text);
          if (days !== null) for (const day of days) expect(WEEKDAYS).toContain(day);
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    'the next due time of any valid schedule lies after the instant asked about',
    () => {
      const zones = [
        'UTC',
        'Europe/Amsterdam',
        'America/New_York',
        'Australia/Lord_Howe',
        'Asia/Kathmandu',
        'Pacific/Chatham',
      ];
      const times = fc.uniqueArray(
        fc
          .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
          .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
        { maxLength: 4 },
      );
      const spec = fc.record({
        tz: fc.constantFrom(...zones),
        times: fc.record(
          Object.fromEntries(WEEKDAYS.map((d) => [d, times.map((t) => [...t].sort())])),
        ),
      }) as fc.Arbitrary<ScheduleSpec>;
      const instant = fc.date({
        min: new Date('2020-01-01'),
        max: new Date('2035-01-01'),
        noInvalidDate: true,
      });
      fc.assert(
        fc.property(spec, instant, (s, after) => {
          const next = nextDueAfter(s, after);
          const any = WEEKDAYS.some((d) => s.times[d].length > 0);
          if (!any) {
            expect(next).toBeNull();
            return;
          }
          expect(next).not.toBeNull();
          expect(next!.getTime()).toBeGreaterThan(after.getTime());
          expect(latestDueBetween(s, after, next!)?.getTime()).toBe(next!.getTime());
        }),
        params(0.5),
      );
    },
    TIMEOUT,
  );

  it(
    'the --notify syntax: any text is channels that format back to the same, or a ValidationError',
    () => {
      const token = fc.oneof(
        fc.constantFrom('webpush', 'none', 'ntfy:', 'email:', ',', ' '),
        fc.webUrl().map((u) => `ntfy:${u}`),
        fc.emailAddress().map((a) => `email:${a}`),
        fc.string({ maxLength: 12 }),
      );
      fc.assert(
        fc.property(
          fc.array(token, { maxLength: 5 }).map((t) => t.join(',')),
          (text) => {
            let channels: ReturnType<typeof parseNotify>;
            try {
              channels = parseNotify(text);
            } catch (error) {
              expect(error).toBeInstanceOf(ValidationError);
              return;
            }
            expect(parseNotify(formatNotify(channels))).toEqual(channels);
          },
        ),
        params(),
      );
    },
    TIMEOUT,
  );
});

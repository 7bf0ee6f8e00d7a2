import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  type Channel,
  channelSchema,
  channelsOf,
  formatNotify,
  parseChannelToken,
  parseNotify,
  storedChannels,
} from '../../src/channels/registry.ts';
import { ruleInputSchema } from '../../src/services/checkpoints/rule-input.ts';

/** Targets as rules (`deliver`) and schedules (`notify`) store them today, and garbage. */
const EXAMPLES: Record<string, { stored: Channel[]; garbage: unknown[] }> = {
  ntfy: {
    stored: [
      { ntfy: 'https://ntfy.sh/my-checkpoints' },
      { ntfy: 'http://127.0.0.1:8080/topics/a' },
      { ntfy: 'https://user:secret@ntfy.example/alerts?x=1,2' },
    ],
    garbage: [
      { ntfy: 'file:///etc/passwd' },
      { ntfy: 'not a url' },
      { ntfy: 42 },
      { ntfy: 'https://ntfy.sh/a', email: 'a@x.example' },
    ],
  },
  email: {
    stored: [{ email: 'a@x.example' }, { email: 'A.Digest+cp@mail.example' }],
    garbage: [
      { email: 'a@b.example, c@d.example' },
      { email: 'no-at-sign' },
      { email: '<a@b.example>' },
      { email: true },
    ],
  },
  webpush: {
    stored: [{ webpush: true }],
    garbage: [{ webpush: false }, { webpush: 'yes' }, { webpush: true, extra: 1 }],
  },
};

describe('the channel registry', () => {
  it('has stored examples for every channel, and no examples for a channel it lacks', () => {
    expect(CHANNELS.map((c) => c.name).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  for (const spec of CHANNELS) {
    const examples = EXAMPLES[spec.name]!;

    it(`${spec.name}: its schema accepts what rules and schedules store, and rejects garbage`, () => {
      for (const target of examples.stored) {
        expect(spec.schema.safeParse(target).data, JSON.stringify(target)).toEqual(target);
        expect(channelSchema.safeParse(target).success).toBe(true);
        expect(spec.problem(target)).toBeNull();
        const rule = ruleInputSchema.safeParse({
          name: 'Urgent',
          when: [{ field: 'priority', op: 'gte', value: 5 }],
          action: 'breakthrough',
          deliver: target,
        });
        expect(rule.data?.deliver).toEqual(target);
      }
      for (const junk of examples.garbage) {
        expect(spec.schema.safeParse(junk).success, JSON.stringify(junk)).toBe(false);
        expect(channelSchema.safeParse(junk).success, JSON.stringify(junk)).toBe(false);
      }
    });

    it(`${spec.name}: parse and format round-trip the --notify syntax`, () => {
      for (const target of examples.stored) {
        const token = spec.format(target);
        expect(token.startsWith(spec.prefix)).toBe(true);
        expect(spec.parse(token)).toEqual(target);
        expect(parseChannelToken(token)).toEqual(target);
        expect(parseNotify(token)).toEqual([target]);
      }
      expect(spec.parse('pager:123')).toBeNull();
    });
  }

  it('reads both stored forms of a schedule: a list, and the older one-of-each object', () => {
    const older = { ntfy: 'https://ntfy.sh/me', email: 'me@x.example', webpush: true };
    for (const spec of CHANNELS) {
      const part = { [spec.name]: older[spec.name as keyof typeof older] };
      expect(spec.schema.safeParse(part).success, spec.name).toBe(true);
    }
    expect(channelsOf(JSON.stringify(older))).toEqual([
      { ntfy: 'https://ntfy.sh/me' },
      { email: 'me@x.example' },
      { webpush: true },
    ]);
    const all = CHANNELS.flatMap((c) => EXAMPLES[c.name]!.stored);
    expect(channelsOf(storedChannels(all))).toEqual(all);
    expect(channelsOf('[{"ntfy":"file:///etc/passwd"},{"webpush":false},3,null]')).toEqual([]);
  });

  it('parses and formats a whole --notify list, several of a kind and none', () => {
    const all = CHANNELS.flatMap((c) => EXAMPLES[c.name]!.stored);
    expect(parseNotify(formatNotify(all))).toEqual(all);
    expect(formatNotify([])).toBe('none');
    expect(parseNotify('none')).toEqual([]);
    expect(parseNotify(' ')).toEqual([]);
    expect(() => parseNotify('pager:123')).toThrow(/unknown notice channel "pager:123"/);
    expect(() => parseNotify('ntfy:file:///etc/passwd')).toThrow(/^schedule: ntfy needs/);
    expect(() => parseNotify('email:a@b.example;c@d.example')).toThrow(/is not an e-mail address/);
  });
});

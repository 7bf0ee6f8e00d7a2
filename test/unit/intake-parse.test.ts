import { describe, expect, it } from 'vitest';
import { newIntakeToken, tokenCandidates } from '../../src/intake/credentials.ts';
import { firstLine, intakeDraft } from '../../src/intake/draft.ts';
import { parseNtfyPublish } from '../../src/intake/ntfy.ts';
import { intakeMessage } from '../../src/intake/types.ts';
import { parseWebhook } from '../../src/intake/webhook.ts';
import { textToHtml } from '../../src/lib/escape-html.ts';
import { createRateLimiter } from '../../src/lib/rate-limit.ts';

const params = (headers: Record<string, string>, query: Record<string, string> = {}) => ({
  header: (n: string) => headers[n.toLowerCase()],
  query: (n: string) => query[n],
});

describe('intake credentials', () => {
  const token = newIntakeToken();
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('finds the token wherever a shape carries it, and nothing else', () => {
    expect(token).toMatch(/^cpi[A-Za-z0-9]{27}$/);
    expect(tokenCandidates({ authorization: `Bearer ${token}` })).toEqual([token]);
    expect(tokenCandidates({ authorization: `Basic ${b64(`:${token}`)}` })).toEqual([token]);
    expect(tokenCandidates({ authorization: `Basic ${b64(`${token}:`)}` })).toEqual([token]);
    expect(
      tokenCandidates({
        authParam: Buffer.from(`Basic ${b64(`me:${token}`)}`).toString('base64url'),
      }),
    ).toEqual([token]);
    expect(tokenCandidates({ authParam: token, gotifyKey: token, tokenParam: token })).toEqual([
      token,
    ]);
    expect(tokenCandidates({ bodyFields: ['uQiRzpo4DXghDmr9QzzfQu27cmVRsG', token] })).toEqual([
      token,
    ]);
    expect(tokenCandidates({ authorization: 'Bearer tk_notours' })).toEqual([]);
  });
});

describe('ntfy publish parameters', () => {
  it('headers win over query parameters; \\n in ?message= is a line break', () => {
    const msg = parseNtfyPublish(
      't',
      '',
      params({ title: 'Header' }, { title: 'Query', message: 'a\\nb', tags: 'x, y' }),
    );
    expect(msg).toMatchObject({ title: 'Header', message: 'a\nb', tags: ['x', 'y'] });
  });

  it('an empty publish says "triggered", as ntfy does', () => {
    expect(parseNtfyPublish('t', '  ', params({})).message).toBe('triggered');
  });
});

describe('webhook payloads', () => {
  it('explains what a payload without a message lacks', () => {
    expect(() => parseWebhook('x', { foo: 1 })).toThrow('intake: webhook payload has no message');
    expect(() => parseWebhook('x', { message: 'm', priority: 9 })).toThrow(
      '"priority" must be 1–5',
    );
    expect(() => parseWebhook('bad name', 'x')).toThrow('webhook name "bad name" is invalid');
  });
});

describe('pushed text as items', () => {
  it('escapes text, keeps paragraphs and lines, links URLs', () => {
    expect(textToHtml('a <b> & c\nhttps://example.org/x?y=1&z=2.\n\nnext')).toBe(
      '<p>a &lt;b&gt; &amp; c<br><a href="https://example.org/x?y=1&amp;z=2">https://example.org/x?y=1&amp;z=2</a>.</p><p>next</p>',
    );
  });

  it('titles a message without one by its first line', () => {
    expect(firstLine(`${'word '.repeat(40)}end`, 30)).toBe('word word word word word word…');
    const draft = intakeDraft(intakeMessage({ message: 'Disk full\nsda1 at 99%' }), 'id1');
    expect(draft).toMatchObject({ title: 'Disk full', kind: 'notification', externalId: 'id1' });
  });
});

describe('rate limiter', () => {
  it('allows a burst, then refills per second', () => {
    const limiter = createRateLimiter({ burst: 2, perSecond: 1 });
    expect([0, 0, 0].map((t) => limiter.take('k', t).ok)).toEqual([true, true, false]);
    expect(limiter.take('k', 0).retryAfterSeconds).toBe(1);
    expect(limiter.take('k', 1000).ok).toBe(true);
    expect(limiter.take('other', 1000).ok).toBe(true);
  });
});

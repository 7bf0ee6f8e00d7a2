import { describe, expect, it } from 'vitest';
import {
  fitBudget,
  otherSources,
  type RankInput,
  readingSeconds,
  scoreItem,
  scoreOf,
} from '../../src/domain/ranking.ts';

const now = Date.parse('2026-03-02T12:00:00Z');
const base: RankInput = {
  kind: 'article',
  priority: 3,
  receivedAt: now - 3_600_000,
  publishedAt: now - 3_600_000,
  sourceName: 'Blog',
  sourceWeight: 1,
  ruleBoosts: [],
  clusterSize: 1,
  opened: 0,
  dismissed: 0,
};

describe('scoreItem', () => {
  it('is the sum of explained parts', () => {
    const { score, parts } = scoreItem(
      { ...base, sourceWeight: 2, ruleBoosts: [{ name: 'Rust', amount: 15 }], clusterSize: 3 },
      now,
    );
    expect(parts.map((p) => p.part)).toEqual(['source', 'rules', 'recency', 'cluster']);
    expect(score).toBeCloseTo(
      parts.reduce((s, p) => s + p.points, 0),
      5,
    );
    expect(parts.find((p) => p.part === 'rules')?.why).toContain('Rust');
    expect(parts.find((p) => p.part === 'cluster')?.why).toBe('3 sources carry this story');
  });

  it('ranks a mention above a broadcast post and fresh above stale', () => {
    const post = scoreItem({ ...base, kind: 'post' }, now).score;
    const mention = scoreItem({ ...base, kind: 'mention' }, now).score;
    const stale = scoreItem(
      { ...base, receivedAt: now - 72 * 3_600_000, publishedAt: now - 72 * 3_600_000 },
      now,
    ).score;
    expect(mention).toBeGreaterThan(post);
    expect(scoreItem(base, now).score).toBeGreaterThan(stale);
  });

  it('learns from what the user opened and dismissed', () => {
    const liked = scoreItem({ ...base, opened: 8, dismissed: 0 }, now);
    const disliked = scoreItem({ ...base, opened: 0, dismissed: 8 }, now);
    expect(liked.score).toBeGreaterThan(disliked.score);
    expect(liked.parts.find((p) => p.part === 'affinity')?.why).toContain('opened 8');
  });
});

describe('scoreOf', () => {
  it('is exactly the score of scoreItem, for every mix of parts', () => {
    const kinds = ['article', 'post', 'mention', 'reply', 'message', 'notification', 'newsletter'];
    let checked = 0;
    for (const kind of kinds)
      for (const priority of [1, 3, 5])
        for (const hours of [0.2, 5, 40, 400])
          for (const [opened, dismissed] of [
            [0, 0],
            [3, 1],
            [0, 7],
          ])
            for (const ruleBoosts of [[], [{ name: 'R', amount: -7.25 }]]) {
              const input: RankInput = {
                ...base,
                kind,
                priority,
                receivedAt: now - hours * 3_600_000,
                publishedAt: now - hours * 3_600_000,
                sourceWeight: 1 + (checked % 4) * 0.5,
                ruleBoosts,
                clusterSize: 1 + (checked % 5),
                opened: opened!,
                dismissed: dismissed!,
              };
              expect(scoreOf(input, now)).toBe(scoreItem(input, now).score);
              checked++;
            }
    expect(checked).toBe(kinds.length * 3 * 4 * 3 * 2);
  });
});

describe('readingSeconds', () => {
  it('counts words, images and a floor per kind', () => {
    expect(readingSeconds('article', 460, 1)).toBe(132);
    expect(readingSeconds('article', 10, 0)).toBe(60);
    expect(readingSeconds('notification', 5, 0)).toBe(10);
  });
});

describe('fitBudget', () => {
  const item = (id: number, sourceId: number, score: number, seconds: number) => ({
    id,
    sourceId,
    score,
    seconds,
  });
  it('takes the best items that fit, skipping a long one for shorter ones', () => {
    const fitted = fitBudget(
      [item(1, 1, 50, 600), item(2, 2, 40, 500), item(3, 3, 30, 200), item(4, 4, 10, 100)],
      900,
      3,
    );
    expect(fitted.digest.map((i) => i.id)).toEqual([1, 3, 4]);
    expect(fitted.later.map((i) => i.id)).toEqual([2]);
  });

  it('groups items past the per-source limit', () => {
    const many = Array.from({ length: 6 }, (_, i) => item(i + 1, 7, 100 - i, 60));
    const fitted = fitBudget([...many, item(99, 8, 1, 60)], 3600, 3);
    expect(fitted.digest.map((i) => i.id)).toEqual([1, 2, 3, 99]);
    expect(fitted.overflow.get(7)?.map((i) => i.id)).toEqual([4, 5, 6]);
  });
});

describe('otherSources', () => {
  it('names each other source once, never the item’s own', () => {
    expect(
      otherSources('Daring Fireball', [
        { sourceName: 'Daring Fireball' },
        { sourceName: 'DF (JSON)' },
        { sourceName: 'DF (JSON)' },
        { sourceName: 'Hacker News' },
      ]),
    ).toEqual(['DF (JSON)', 'Hacker News']);
    expect(otherSources('A', [{ sourceName: 'A' }])).toEqual([]);
  });
});

/**
 * What "the digest holds the top-ranked items that fit" means, checked from the outside: given
 * every candidate ranked at the due time and what the checkpoint kept, each candidate left for
 * later either ranks below its source's share of the digest ("+N more from X") or did not fit
 * the budget that the better-ranked digest items left.
 */
import { expect } from 'vitest';

export interface RankedCandidate {
  id: number;
  sourceId: number;
  score: number;
  seconds: number;
}

export interface KeptDigest {
  /** Item ids of the digest. */
  items: number[];
  /** The checkpoint's "+N more" groups. */
  overflow: { sourceId: number; count: number }[];
  laterCount: number;
}

/** Ranks `a` above `b` as the digest does (score, then the newer id). */
const above = (a: RankedCandidate, b: RankedCandidate) =>
  a.score > b.score || (a.score === b.score && a.id > b.id);

/**
 * Asserts that `kept` is the top of `ranked` within `budgetSeconds` and `perSource`; returns
 * the per-source overflow counts it derived, for the caller's own checks.
 */
export function expectTopRanked(
  ranked: readonly RankedCandidate[],
  kept: KeptDigest,
  budgetSeconds: number,
  perSource: number,
): Map<number, number> {
  const inDigest = new Set(kept.items);
  const digest = ranked.filter((r) => inDigest.has(r.id));
  expect(digest.map((r) => r.id).sort()).toEqual([...kept.items].sort());
  const overflow = new Map<number, number>();
  let later = 0;
  for (const left of ranked.filter((r) => !inDigest.has(r.id))) {
    later++;
    const better = digest.filter((d) => above(d, left));
    const ofSource = better.filter((d) => d.sourceId === left.sourceId);
    if (ofSource.length >= perSource) {
      // Its source had its share already, every one of them ranked above it.
      expect(digest.filter((d) => d.sourceId === left.sourceId).every((d) => above(d, left))).toBe(
        true,
      );
      overflow.set(left.sourceId, (overflow.get(left.sourceId) ?? 0) + 1);
      continue;
    }
    const used = better.reduce((sum, d) => sum + d.seconds, 0);
    expect(used + left.seconds, `item ${left.id} was left out although it fit`).toBeGreaterThan(
      budgetSeconds,
    );
  }
  expect(new Map(kept.overflow.map((o) => [o.sourceId, o.count])), 'the "+N more" groups').toEqual(
    overflow,
  );
  expect(kept.laterCount).toBe(later);
  return overflow;
}

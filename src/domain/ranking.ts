/**
 * Ranking for checkpoints: a score that is an explainable sum of parts, an estimated reading
 * time per item, and fitting the ranked items into a time budget. Pure.
 */

export interface ScorePart {
  /** source, rules, recency, cluster, kind, priority, affinity */
  part: string;
  points: number;
  /** The reason in English (CLI, JSON). */
  why: string;
  /** The same reason as a message key of the UI catalogs (`why.…`), so that pages can translate it. */
  key: string;
  /** The parameters of `key`. */
  params: Record<string, string | number>;
}

export interface RankInput {
  kind: string;
  priority: number;
  receivedAt: number;
  publishedAt: number;
  sourceName: string;
  /** User-set source weight: 1 is neutral, 0 mutes the source's rank, 2 doubles its pull. */
  sourceWeight: number;
  /** Sum of boost (+) and lower (−) rule amounts that matched, with the rules' names. */
  ruleBoosts: { name: string; amount: number }[];
  clusterSize: number;
  /** What the user did with this source's items so far (last 30 days). */
  opened: number;
  dismissed: number;
}

const HOUR = 3_600_000;

const KIND_POINTS: Record<string, [number, string]> = {
  mention: [25, 'mentions you'],
  reply: [25, 'replies to you'],
  message: [15, 'a message to you'],
  notification: [5, 'a notification'],
  newsletter: [3, 'a newsletter'],
};

/** A reason: its English text, and the catalog key and parameters the web UI translates. */
interface Reason {
  why: string;
  key: string;
  params?: Record<string, string | number>;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Scores one item at `now`. Every part says why it is there ("why is this here"), in English
 * (`why`) and as a catalog key with parameters (`key`, `params`) for the web UI.
 *
 * @example scoreItem({ kind: 'mention', … }, Date.now()).score
 */
export function scoreItem(input: RankInput, now: number): { score: number; parts: ScorePart[] } {
  const parts: ScorePart[] = [];
  return { score: tally(input, now, parts), parts };
}

/**
 * The score of {@link scoreItem} alone, without building the reasons: what ranking a hundred
 * thousand candidates needs (their reasons are made for the few that are shown).
 */
export function scoreOf(input: RankInput, now: number): number {
  return tally(input, now, null);
}

/** Adds up the parts (rounded, in order); with `keep`, also says why each is there. */
function tally(input: RankInput, now: number, keep: ScorePart[] | null): number {
  let sum = 0;
  // `always`: a part that explains even at 0 points (a post of 2018 is "published 8 years ago").
  const add = (part: string, points: number, reason: () => Reason, always = false) => {
    if (points === 0 && !always) return;
    const rounded = round(points);
    sum += rounded;
    if (keep) {
      const r = reason();
      keep.push({ part, points: rounded, why: r.why, key: r.key, params: r.params ?? {} });
    }
  };
  const source = input.sourceName;
  add('source', 10 * (input.sourceWeight - 1), () => ({
    why: `you weighted ${source} ×${input.sourceWeight}`,
    key: 'why.source',
    params: { source, weight: input.sourceWeight },
  }));
  for (const rule of input.ruleBoosts) {
    const boosts = rule.amount >= 0;
    add('rules', rule.amount, () => ({
      why: `rule "${rule.name}" ${boosts ? 'boosts' : 'lowers'} it`,
      key: boosts ? 'why.ruleBoost' : 'why.ruleLower',
      params: { rule: rule.name },
    }));
  }
  add(
    'recency',
    20 * Math.exp(-freshnessHours(input, now) / 24),
    () => recencyReason(input, now),
    true,
  );
  if (input.clusterSize > 1) {
    add('cluster', Math.min(30, 8 * (input.clusterSize - 1)), () => ({
      why: `${input.clusterSize} sources carry this story`,
      key: 'why.cluster',
      params: { count: input.clusterSize },
    }));
  }
  const kind = KIND_POINTS[input.kind];
  if (kind) add('kind', kind[0], () => ({ why: kind[1], key: `why.kind.${input.kind}` }));
  if (input.priority !== 3)
    add('priority', (input.priority - 3) * 5, () => ({
      why: `priority ${input.priority} of 5`,
      key: 'why.priority',
      params: { priority: input.priority },
    }));
  const actions = input.opened + input.dismissed;
  if (actions > 0) {
    add('affinity', (10 * (input.opened - input.dismissed)) / (actions + 2), () => ({
      why: `you opened ${input.opened} and dismissed ${input.dismissed} from ${source}`,
      key: 'why.affinity',
      params: { opened: input.opened, dismissed: input.dismissed, source },
    }));
  }
  return round(sum);
}

/**
 * How old an item is, in hours: by its own date (a backlog post from 2018 is not fresh because
 * it arrived today), a date in the future counting as now. Items without a date of their own
 * carry their first-seen time as `publishedAt`, so they age from their arrival.
 */
function freshnessHours(input: Pick<RankInput, 'publishedAt'>, now: number): number {
  return Math.max(0, now - Math.min(input.publishedAt, now)) / HOUR;
}

const DAY_HOURS = 24;
const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/**
 * Why an item counts as fresh or not: "arrived 5 h ago" when its date is its arrival (within
 * the hour), else "published 3 years ago", in the largest unit that fits.
 */
function recencyReason(input: Pick<RankInput, 'publishedAt' | 'receivedAt'>, now: number): Reason {
  const hours = freshnessHours(input, now);
  if (input.receivedAt - input.publishedAt <= HOUR)
    return hours < 1
      ? { why: 'arrived within the hour', key: 'why.recentHour' }
      : {
          why: `arrived ${Math.round(hours)} h ago`,
          key: 'why.recent',
          params: { hours: Math.round(hours) },
        };
  if (hours < 1) return { why: 'published within the hour', key: 'why.publishedHour' };
  if (hours < 2 * DAY_HOURS) {
    const count = Math.round(hours);
    return { why: `published ${count} h ago`, key: 'why.publishedHours', params: { count } };
  }
  const days = hours / DAY_HOURS;
  const [count, unit, key] =
    days < 60
      ? [Math.round(days), 'day', 'why.publishedDays']
      : days < 730
        ? [Math.round(days / 30.44), 'month', 'why.publishedMonths']
        : [Math.floor(days / 365.25), 'year', 'why.publishedYears'];
  return { why: `published ${plural(count, unit)} ago`, key, params: { count } };
}

/**
 * Estimated reading time in seconds: 230 words a minute, 12 s per image, plus the playing
 * time of its audio or video ({@link playingSeconds}); at least 10 s for a notification or
 * post and 60 s for an article or newsletter.
 *
 * @example readingSeconds('article', 460, 1) // 132
 * @example readingSeconds('article', 230, 0, 2700) // 2760: a 45-minute episode with show notes
 */
export function readingSeconds(kind: string, words: number, images: number, media = 0): number {
  const base = Math.round((words / 230) * 60) + images * 12 + media;
  const floor = kind === 'article' || kind === 'newsletter' ? 60 : 10;
  return Math.max(floor, base);
}

/** Kinds whose audio or video is an episode (podcasts, video feeds), not a clip. */
const LONG_FORM = new Set(['article', 'newsletter']);
/** Playing time assumed when the source does not give one (seconds). */
const ASSUMED = {
  episode: { audio: 30 * 60, video: 10 * 60 },
  clip: { audio: 60, video: 60 },
};
/** Longer than a day is a broken or live value, not an episode (and must fit the column). */
const MAX_PLAYING = 86_400;

/**
 * Playing time of an item's audio or video: the duration the source gave, else an assumed
 * one by item kind — an episode of a feed or newsletter (audio 30 min, video 10 min) or a clip
 * in a post or message (1 min); 0 without audio or video.
 *
 * @example playingSeconds('article', [{ type: 'audio/mpeg' }], 2700) // 2700
 * @example playingSeconds('article', [{ type: 'audio/mpeg' }], null) // 1800
 * @example playingSeconds('post', [{ type: 'video/mp4' }], null) // 60
 */
export function playingSeconds(
  kind: string,
  media: readonly { type: string | null }[],
  durationSeconds?: number | null,
): number {
  if (durationSeconds && durationSeconds > 0)
    return Math.min(MAX_PLAYING, Math.round(durationSeconds));
  const types = media.map((m) => m.type?.trim().toLowerCase() ?? '');
  const audio = types.some((t) => t.startsWith('audio/'));
  const video = types.some((t) => t.startsWith('video/'));
  const assumed = LONG_FORM.has(kind) ? ASSUMED.episode : ASSUMED.clip;
  return Math.max(audio ? assumed.audio : 0, video ? assumed.video : 0);
}

export interface Rankable {
  id: number;
  sourceId: number;
  score: number;
  seconds: number;
}

export interface Fitted<T extends Rankable> {
  digest: T[];
  /** Items past the per-source limit, per source ("+12 more from X"). */
  overflow: Map<number, T[]>;
  /** Items that did not fit the budget: they stay for later. */
  later: T[];
}

/**
 * Takes the highest-ranked items that fit the time budget, at most `perSource` per source;
 * a long item that does not fit leaves room for shorter ones below it.
 */
export function fitBudget<T extends Rankable>(
  ranked: readonly T[],
  budgetSeconds: number,
  perSource: number,
): Fitted<T> {
  const sorted = [...ranked].sort((a, b) => b.score - a.score || b.id - a.id);
  const digest: T[] = [];
  const overflow = new Map<number, T[]>();
  const later: T[] = [];
  const perSourceCount = new Map<number, number>();
  let used = 0;
  for (const item of sorted) {
    const count = perSourceCount.get(item.sourceId) ?? 0;
    if (count >= perSource) {
      const list = overflow.get(item.sourceId) ?? [];
      list.push(item);
      overflow.set(item.sourceId, list);
      continue;
    }
    if (used + item.seconds > budgetSeconds) {
      later.push(item);
      continue;
    }
    used += item.seconds;
    perSourceCount.set(item.sourceId, count + 1);
    digest.push(item);
  }
  return { digest, overflow, later };
}

/**
 * The other sources a story also came through, for "also from …": each name once, without
 * the source of the item shown (a feed that lists one story twice, or its JSON twin with the
 * same name, is not "another source").
 *
 * @example otherSources('Daring Fireball', [{ sourceName: 'Daring Fireball' }, { sourceName: 'HN' }, { sourceName: 'HN' }]) // ['HN']
 */
export function otherSources(own: string, alsoFrom: readonly { sourceName: string }[]): string[] {
  return [...new Set(alsoFrom.map((a) => a.sourceName))].filter((name) => name !== own);
}

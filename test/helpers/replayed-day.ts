/**
 * The replayed day of the checkpoint tests: a seeded script of ~120 arrivals over one Monday
 * (Amsterdam), the same every run.
 */
import type { ItemDraft } from '../../src/domain/types.ts';

export const MINUTE = 60_000;

/** A small deterministic PRNG (mulberry32), so the replayed day is the same every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'river garden quantum ledger harbour violin maple orbit lantern cobalt meadow canyon falcon prism tundra'.split(
    ' ',
  );
/** A vocabulary of 3,375 pseudo-words, so that unrelated titles share few words (as in real feeds). */
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'sto',
  'vu',
  'dal',
  'pe',
  'nor',
  'tis',
  'gra',
  'bel',
  'cu',
  'fen',
  'zor',
];
const VOCAB = SYLLABLES.flatMap((a) =>
  SYLLABLES.flatMap((b) => SYLLABLES.map((c) => `${a}${b}${c}`)),
);

export interface Planned {
  at: number;
  source: 'a' | 'b' | 'c' | 'push' | 'letters' | 'social';
  draft: ItemDraft;
}

/**
 * ~120 items over one Monday (Amsterdam): feed articles with cross-posted stories, pushes,
 * newsletters (long reads that strain the budget) and mentions (short, ranked high).
 */
export function plannedDay(dayStartUtc: number): { plan: Planned[]; stories: string[][] } {
  const rand = prng(42);
  const plan: Planned[] = [];
  const stories: string[][] = [];
  const title = () =>
    Array.from({ length: 7 }, () => VOCAB[Math.floor(rand() * VOCAB.length)]).join(' ');
  let n = 0;
  const article = (source: 'a' | 'b' | 'c', at: number, t: string, url: string): Planned => ({
    at,
    source,
    draft: {
      externalId: `${source}-${++n}`,
      kind: 'article',
      url,
      title: t,
      author: null,
      contentHtml: `<p>${`${t} `.repeat(20 + Math.floor(rand() * 400))}</p>`,
      summary: null,
      publishedAt: new Date(at - 10 * MINUTE),
      baseUrl: null,
    },
  });
  // 54 plain articles between 06:00 and 18:00 local (05:00–17:00 UTC).
  for (let i = 0; i < 54; i++) {
    const at = dayStartUtc + 5 * 60 * MINUTE + Math.floor(rand() * 12 * 60) * MINUTE;
    const source = (['a', 'b', 'c'] as const)[i % 3]!;
    plan.push(article(source, at, `${title()} ${i}`, `https://${source}.example.org/post/${i}`));
  }
  // 3 stories carried by several sources: same canonical URL (tracking differs) or same title.
  for (let s = 0; s < 3; s++) {
    const at = dayStartUtc + (6 + s * 3) * 60 * MINUTE;
    const t = [
      'Council approves harbour bridge plan after long debate',
      'Heavy snow closes mountain passes across the northern valleys',
      'Startup unveils solar kite that charges phones on hiking trips',
    ][s]!;
    const ids: string[] = [];
    const a = article('a', at, t, `https://news.example.org/story-${s}?utm_source=a`);
    const b = article('b', at + 5 * MINUTE, t, `https://news.example.org/story-${s}/?fbclid=xyz`);
    const c = article('c', at + 9 * MINUTE, `${t} today`, `https://c.example.org/mirror/${s}`);
    plan.push(a, b, c);
    ids.push(a.draft.externalId, b.draft.externalId, c.draft.externalId);
    stories.push(ids);
  }
  // 40 pushes with priorities; the urgent ones bunch up at 10:00–10:59 local to hit the cap.
  for (let i = 0; i < 40; i++) {
    const urgent = i < 6;
    const at = urgent
      ? dayStartUtc + 9 * 60 * MINUTE + i * 7 * MINUTE
      : dayStartUtc + 5 * 60 * MINUTE + Math.floor(rand() * 12 * 60) * MINUTE;
    plan.push({
      at,
      source: 'push',
      draft: {
        externalId: `push-${i}`,
        kind: 'notification',
        url: null,
        title: urgent ? `Alarm ${i}: water leak` : `Note ${i} ${WORDS[i % WORDS.length]}`,
        author: 'home',
        contentHtml: null,
        summary: `message ${i}`,
        publishedAt: new Date(at),
        baseUrl: null,
        priority: urgent ? 5 : 1 + (i % 4),
      },
    });
  }
  // 6 newsletters of 800–1,700 words (4–7 minutes each) and 8 mentions.
  for (let i = 0; i < 14; i++) {
    const letter = i < 6;
    const at = dayStartUtc + 5 * 60 * MINUTE + Math.floor(rand() * 12 * 60) * MINUTE;
    const t = title();
    plan.push({
      at,
      source: letter ? 'letters' : 'social',
      draft: {
        externalId: `${letter ? 'letter' : 'mention'}-${i}`,
        kind: letter ? 'newsletter' : 'mention',
        url: `https://${letter ? 'letters' : 'social'}.example.org/${i}`,
        title: t,
        author: letter ? 'The Weekly' : '@friend',
        contentHtml: `<p>${`${t} `.repeat(letter ? 115 + Math.floor(rand() * 130) : 3)}</p>`,
        summary: null,
        publishedAt: new Date(at),
        baseUrl: null,
      },
    });
  }
  plan.sort((x, y) => x.at - y.at || x.draft.externalId.localeCompare(y.draft.externalId));
  return { plan, stories };
}

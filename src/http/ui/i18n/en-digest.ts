/**
 * English strings of the digest's freshness reasons, Later's pages and a new source's
 * backlog. Spread into `en` (en.ts); nl-digest.ts has the Dutch. The `why.published…` keys
 * follow the English `why` texts of domain/ranking.ts.
 */
export const enDigest = {
  'why.publishedHour': 'published within the hour',
  'why.publishedHours': 'published {count} h ago',
  'why.publishedDays': 'published {count} day ago||published {count} days ago',
  'why.publishedMonths': 'published {count} month ago||published {count} months ago',
  'why.publishedYears': 'published {count} year ago||published {count} years ago',
  'later.badDate': 'Pick a valid date.',
  'later.backlog':
    'Older posts of sources you just added (the newest 5 of each join your checkpoints; the rest wait here):',
  'later.backlogLink': '{source} ({count})',
  'backlog.title': 'Backlog of {source}',
  'backlog.intro':
    'Posts published more than a week before you added this source. Its 5 newest join your checkpoints; the rest wait here until you open them.',
  'backlog.none': 'This source has no backlog.',
  'backlog.back': '← Later',
} as const;

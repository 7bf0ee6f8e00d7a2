/**
 * "Why is this here?": the reasons of a score's parts (`ScorePart.key` from
 * domain/ranking.ts), spread into `en`. They follow the English `why` texts of the CLI.
 */
export const enReasons = {
  'why.source': 'you weighted {source} ×{weight}',
  'why.ruleBoost': 'rule “{rule}” boosts it',
  'why.ruleLower': 'rule “{rule}” lowers it',
  'why.recentHour': 'arrived within the hour',
  'why.recent': 'arrived {hours} h ago',
  'why.cluster': '{count} sources carry this story',
  'why.kind.mention': 'mentions you',
  'why.kind.reply': 'replies to you',
  'why.kind.message': 'a message to you',
  'why.kind.notification': 'a notification',
  'why.kind.newsletter': 'a newsletter',
  'why.priority': 'priority {priority} of 5',
  'why.affinity': 'you opened {opened} and dismissed {dismissed} from {source}',
} as const;

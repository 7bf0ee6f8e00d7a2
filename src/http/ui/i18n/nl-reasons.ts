import type { enReasons } from './en-reasons.ts';

/** Dutch reasons of "Waarom staat dit hier?" (the same keys as en-reasons.ts). */
export const nlReasons: Record<keyof typeof enReasons, string> = {
  'why.source': 'je gaf {source} gewicht ×{weight}',
  'why.ruleBoost': 'regel “{rule}” geeft het voorrang',
  'why.ruleLower': 'regel “{rule}” zet het lager',
  'why.recentHour': 'binnen het uur binnengekomen',
  'why.recent': '{hours} uur geleden binnengekomen',
  'why.cluster': '{count} bronnen brengen dit verhaal',
  'why.kind.mention': 'noemt jou',
  'why.kind.reply': 'antwoordt jou',
  'why.kind.message': 'een bericht aan jou',
  'why.kind.notification': 'een melding',
  'why.kind.newsletter': 'een nieuwsbrief',
  'why.priority': 'prioriteit {priority} van 5',
  'why.affinity': 'je opende er {opened} en legde er {dismissed} weg van {source}',
};

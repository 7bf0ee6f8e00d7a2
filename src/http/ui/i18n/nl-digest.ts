import type { enDigest } from './en-digest.ts';

/** Dutch strings of the digest's freshness reasons, Later's pages and a new source's backlog. */
export const nlDigest: Record<keyof typeof enDigest, string> = {
  'why.publishedHour': 'binnen het uur gepubliceerd',
  'why.publishedHours': '{count} uur geleden gepubliceerd',
  'why.publishedDays': '{count} dag geleden gepubliceerd||{count} dagen geleden gepubliceerd',
  'why.publishedMonths': '{count} maand geleden gepubliceerd||{count} maanden geleden gepubliceerd',
  'why.publishedYears': '{count} jaar geleden gepubliceerd',
  'later.badDate': 'Kies een geldige datum.',
  'later.backlog':
    'Oudere berichten van bronnen die je net toevoegde (de 5 nieuwste van elk komen in je checkpoints; de rest wacht hier):',
  'later.backlogLink': '{source} ({count})',
  'backlog.title': 'Achterstand van {source}',
  'backlog.intro':
    'Berichten die meer dan een week voordat je deze bron toevoegde verschenen. De 5 nieuwste komen in je checkpoints; de rest wacht hier tot je ze opent.',
  'backlog.none': 'Deze bron heeft geen achterstand.',
  'backlog.back': '← Later',
};

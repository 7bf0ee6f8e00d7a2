import type { enSmalls } from './en-smalls.ts';

/** Dutch strings of the smaller fixes of the first day (the same keys as en-smalls.ts). */
export const nlSmalls: Record<keyof typeof enSmalls, string> = {
  'nav.more': 'Meer',
  'common.dismiss': 'Sluiten',
  'schedule.timesInvalid':
    '„{value}” is geen tijd die we kunnen lezen. Schrijf tijden als 08:00, 8am, 8:30 pm of 17.00, gescheiden door komma’s.',
  'schedule.budgetInvalid': 'Het budget is een aantal minuten van 1 tot 600, bijvoorbeeld 15.',
  'schedule.tzInvalid':
    'Onbekende tijdzone „{value}”; kies er een uit de lijst, bijv. Europe/Amsterdam.',
  'schedule.notSaved': 'Er is niets opgeslagen: verbeter de gemarkeerde velden.',
};

/**
 * English strings of the smaller fixes of the first day: the compact navigation, the page a
 * form's address shows when opened, the schedule form's per-field errors and the OPML
 * summary's dismiss link. Spread into `en` (en.ts); nl-smalls.ts has the Dutch.
 */
export const enSmalls = {
  'nav.more': 'More',
  'common.dismiss': 'Dismiss',
  'schedule.timesInvalid':
    'Could not read “{value}” as a time. Write times like 08:00, 8am, 8:30 pm or 17.00, separated by commas.',
  'schedule.budgetInvalid': 'The budget is minutes from 1 to 600, for example 15.',
  'schedule.tzInvalid':
    'Unknown time zone “{value}”; pick one from the list, e.g. Europe/Amsterdam.',
  'schedule.notSaved': 'Nothing was saved: fix the fields marked below.',
};

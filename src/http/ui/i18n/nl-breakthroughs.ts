import type { enBreakthroughs } from './en-breakthroughs.ts';

/** Dutch strings of breakthrough delivery (the same keys as en-breakthroughs.ts). */
export const nlBreakthroughs: Record<keyof typeof enBreakthroughs, string> = {
  'channels.warningTitle': 'Dringende berichten bereiken mogelijk niemand',
  'channels.warn.none':
    'Regel “{rule}” mag doorbreken, maar heeft geen kanaal en er is geen kanaal voor checkpointmeldingen ingesteld.',
  'channels.warn.noBrowser.rule':
    'Regel “{rule}” stuurt webpush, maar geen enkele browser heeft meldingen aangezet.',
  'channels.warn.failed.rule':
    'Regel “{rule}”: de laatste bezorging via {channel} is mislukt ({error}).',
  'channels.warn.noBrowser.schedule':
    'De checkpointmelding stuurt webpush, maar geen enkele browser heeft meldingen aangezet.',
  'channels.warn.failed.schedule':
    'De checkpointmelding: de laatste bezorging via {channel} is mislukt ({error}).',
  'channels.warn.fix': 'Kies een kanaal en stuur een test',
  'undelivered.title': 'Kon je niet bereiken',
  'undelivered.intro':
    'Deze mochten doorbreken, maar geen kanaal heeft ze bezorgd. Ze tellen niet als bespaard.',
  'undelivered.none': 'Regel “{rule}” had doorgebroken, maar heeft geen kanaal.',
  'undelivered.failed': 'Regel “{rule}” had doorgebroken, maar de bezorging mislukte: {error}',
  'undelivered.aRule': 'een regel',
  'undelivered.from': 'Van {source}',
  'undelivered.dismiss': 'Verbergen',
  'why.breakthroughNoChannel': 'regel “{rule}” had doorgebroken, maar heeft geen kanaal',
  'why.breakthroughFailed': 'regel “{rule}” had doorgebroken, maar de bezorging mislukte: {error}',
  'bchannel.title': 'Waar dringende berichten je bereiken',
  'bchannel.intro':
    'Dringende pushberichten (prioriteit 5) breken meteen door. Kies waar ze je bereiken en stuur een test om zeker te zijn dat het werkt.',
  'bchannel.rule': 'Regel',
  'bchannel.noRule':
    'Je hebt geen doorbraakregel: tussen checkpoints onderbreekt niets je. Voeg er een toe op de pagina Regels.',
  'bchannel.webpush': 'Meldingen in deze browser',
  'bchannel.webpushTurnOn': 'Aanzetten in deze browser',
  'bchannel.ntfy': 'URL van een ntfy-topic',
  'bchannel.email': 'E-mailadres',
  'bchannel.notices': 'De kanalen van de checkpointmelding (pagina Schema)',
  'bchannel.test': 'Stuur een test',
  'bchannel.save': 'Opslaan',
  'bchannel.skip': 'Niet nu',
  'bchannel.continue': 'Verder naar je bronnen',
  'bchannel.saved': 'Opgeslagen: dringende berichten van “{rule}” gaan nu naar {channel}.',
  'bchannel.testOk': 'Test verstuurd naar {channel}. Is hij aangekomen?',
  'bchannel.testFailed': 'De test naar {channel} is mislukt: {error}',
  'bchannel.testNone': 'Kies eerst een kanaal.',
  'bchannel.testTitle': 'Checkpoint-test',
  'bchannel.testBody': 'Lees je dit, dan bereiken dringende berichten je hier.',
  'bchannel.back': 'Terug',
  'bchannel.testHere': 'Test deze kanalen',
  'ledger.undelivered': 'Niet bezorgd',
  'ledger.undeliveredLegend': 'Niet bezorgd',
  'ledger.dayLink': 'Toon wat er op {date} is vastgehouden',
  'ledger.dayTitle': 'Vastgehouden op {date}',
  'ledger.dayIntro':
    'Wat op deze dag een pushmelding zou hebben gegeven en in plaats daarvan voor je checkpoints is bewaard.',
  'ledger.dayEmpty': 'Op deze dag is niets vastgehouden.',
  'ledger.dayMore': 'De nieuwste {count} worden getoond.',
  'ledger.back': 'Terug naar het logboek',
};

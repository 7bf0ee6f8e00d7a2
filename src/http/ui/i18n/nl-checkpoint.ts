import type { enCheckpoint } from './en-checkpoint.ts';

/** Dutch strings of the checkpoint page a new user meets (keys of en-checkpoint.ts). */
export const nlCheckpoint: Record<keyof typeof enCheckpoint, string> = {
  'first.title': 'Je bronnen zijn begonnen met leveren.',
  'first.lead':
    'Lees nu wat er binnen is, als je eerste checkpoint. Daarna worden nieuwe items vastgehouden voor de checkpoints die je koos.',
  'first.read': 'Lees wat er binnen is',
  'checkpoint.held': 'Nieuwe items worden vastgehouden voor je volgende checkpoint.',
  'checkpoint.stranded': 'Er wachten items, en er is geen checkpoint gepland.',
  'done.summary':
    'Checkpoint klaar: {read} gelezen · {dismissed} weggelegd · {skipped} gezien zonder te openen.',
  'done.later': 'Er wacht 1 item in Later.||Er wachten {count} items in Later.',
  'done.undo': 'Ongedaan maken',
  'done.already': 'Dit checkpoint was al klaar ({when}).',
  'done.undone': 'Klaar is ongedaan gemaakt: het checkpoint is weer open.',
  'later.page': 'Pagina {page} van {pages}',
  'later.previous': 'Nieuwer',
  'later.next': 'Meer',
  'later.showing': '{from}–{to} van {total}',
  'later.clear': 'De achterstand opruimen',
  'later.dismissOlder': 'Alles wegleggen ouder dan',
  'later.age.day': '1 dag',
  'later.age.week': 'een week',
  'later.age.month': 'een maand',
  'later.dismiss': 'Wegleggen',
  'later.startFresh': 'Opnieuw beginnen',
  'later.startFreshHint': 'Legt alles in Later weg. Je huidige checkpoint blijft.',
  'later.dismissed': '1 item weggelegd.||{count} items weggelegd.',
  'later.restored': '1 item is terug in Later.||{count} items zijn terug in Later.',
  'later.undo': 'Ongedaan maken',
} as const;

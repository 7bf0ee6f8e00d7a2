/**
 * English strings of the checkpoint page a new user meets: the first checkpoint offered now,
 * Done's summary and its undo, and Later's paging and clearing. Spread into `en` (en.ts);
 * nl-checkpoint.ts has the Dutch.
 */
export const enCheckpoint = {
  'first.title': 'Your sources have started to deliver.',
  'first.lead':
    'Read what has arrived now, as your first checkpoint. After that, new items are held for the checkpoints you chose.',
  'first.read': 'Read what arrived',
  'checkpoint.held': 'New items are held for your next checkpoint.',
  'checkpoint.stranded': 'Items are waiting, and no checkpoint is scheduled.',
  'done.summary':
    'Checkpoint done: {read} read · {dismissed} dismissed · {skipped} seen without opening.',
  'done.later': '1 item waits in Later.||{count} items wait in Later.',
  'done.undo': 'Undo',
  'done.already': 'This checkpoint was already done ({when}).',
  'done.undone': 'Done is undone: the checkpoint is open again.',
  'later.page': 'Page {page} of {pages}',
  'later.previous': 'Newer',
  'later.next': 'More',
  'later.showing': '{from}–{to} of {total}',
  'later.clear': 'Clear the backlog',
  'later.dismissOlder': 'Dismiss all older than',
  'later.age.day': '1 day',
  'later.age.week': 'a week',
  'later.age.month': 'a month',
  'later.dismiss': 'Dismiss',
  'later.startFresh': 'Start fresh',
  'later.startFreshHint': 'Dismisses everything in Later. Your current checkpoint stays.',
  'later.dismissed': '1 item dismissed.||{count} items dismissed.',
  'later.restored': '1 item is back in Later.||{count} items are back in Later.',
  'later.undo': 'Undo',
} as const;

/**
 * English strings of breakthrough delivery: the channel warnings, the checkpoint page's list
 * of breakthroughs that reached no one, the page that picks and tests their channel, and the
 * ledger's new column and day view. Spread into `en` (en.ts); nl-breakthroughs.ts has the Dutch.
 */
export const enBreakthroughs = {
  'channels.warningTitle': 'Urgent items may reach no one',
  'channels.warn.none':
    'Rule “{rule}” may break through, but it has no channel and no checkpoint notice channel is set.',
  'channels.warn.noBrowser.rule':
    'Rule “{rule}” sends Web Push, but no browser has turned notifications on.',
  'channels.warn.failed.rule':
    'Rule “{rule}”: the last delivery through {channel} failed ({error}).',
  'channels.warn.noBrowser.schedule':
    'The checkpoint notice sends Web Push, but no browser has turned notifications on.',
  'channels.warn.failed.schedule':
    'The checkpoint notice: the last delivery through {channel} failed ({error}).',
  'channels.warn.fix': 'Choose a channel and send a test',
  'undelivered.title': 'Could not reach you',
  'undelivered.intro':
    'These were allowed to break through, but no channel delivered them. They are not counted as spared.',
  'undelivered.none': 'Rule “{rule}” would have broken through, but it has no channel.',
  'undelivered.failed': 'Rule “{rule}” would have broken through, but delivery failed: {error}',
  'undelivered.aRule': 'a rule',
  'undelivered.from': 'From {source}',
  'undelivered.dismiss': 'Dismiss',
  'why.breakthroughNoChannel': 'rule “{rule}” would have broken through, but it has no channel',
  'why.breakthroughFailed': 'rule “{rule}” would have broken through, but delivery failed: {error}',
  'bchannel.title': 'Where urgent items reach you',
  'bchannel.intro':
    'Urgent pushes (priority 5) break through at once. Choose where they reach you, and send a test to be sure it works.',
  'bchannel.rule': 'Rule',
  'bchannel.noRule':
    'You have no breakthrough rule: nothing interrupts you between checkpoints. Add one on the Rules page.',
  'bchannel.webpush': 'Notifications in this browser',
  'bchannel.webpushTurnOn': 'Turn on in this browser',
  'bchannel.ntfy': 'ntfy topic URL',
  'bchannel.email': 'E-mail address',
  'bchannel.notices': 'The checkpoint notice channels (Schedule page)',
  'bchannel.test': 'Send a test',
  'bchannel.save': 'Save',
  'bchannel.skip': 'Not now',
  'bchannel.continue': 'Go on to your sources',
  'bchannel.saved': 'Saved: urgent items of “{rule}” now go to {channel}.',
  'bchannel.testOk': 'Sent a test to {channel}. Did it arrive?',
  'bchannel.testFailed': 'The test to {channel} failed: {error}',
  'bchannel.testNone': 'Choose a channel first.',
  'bchannel.testTitle': 'Checkpoint test',
  'bchannel.testBody': 'If you read this, urgent items will reach you here.',
  'bchannel.back': 'Back',
  'bchannel.testHere': 'Test these channels',
  'ledger.undelivered': 'Could not deliver',
  'ledger.undeliveredLegend': 'Could not deliver',
  'ledger.dayLink': 'Show what was held on {date}',
  'ledger.dayTitle': 'Held on {date}',
  'ledger.dayIntro':
    'What would have pushed on this day and was held for your checkpoints instead.',
  'ledger.dayEmpty': 'Nothing was held on this day.',
  'ledger.dayMore': 'Showing the newest {count}.',
  'ledger.back': 'Back to the ledger',
} as const;

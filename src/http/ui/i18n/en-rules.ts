/**
 * English strings of the rule form beyond the basics in en.ts: conditions added one at a
 * time, channels picked from the user's own, what a save does to held items, edit and undo.
 * Spread into `en` (en.ts); nl-rules.ts has the Dutch.
 */
export const enRules = {
  'rules.addCondition': 'Add a condition',
  'rules.removeCondition': 'Remove',
  'rules.removeConditionLabel': 'Remove condition {n}',
  'rules.edit': 'Edit',
  'rules.editTitle': 'Edit rule',
  'rules.saveChanges': 'Save changes',
  'rules.cancel': 'Cancel',
  'rules.deliver.notices': 'My checkpoint notice channels',
  'rules.deliver.newNtfy': 'A new ntfy topic…',
  'rules.deliver.ntfyUrl': 'ntfy topic URL',
  'rules.channel.schedule': '{channel} (checkpoint notices)',
  'rules.channel.webpush': 'Web Push to my browsers',
  'rules.channel.email': 'E-mail to {address}',
  'rules.channel.rule': 'ntfy {url} (used by another rule)',
  'rules.held':
    'Saving applies it to the 1 item held now:||Saving applies it to the {count} items held now:',
  'rules.held.none': 'No item held now matches it.',
  'rules.held.more': '…and 1 more.||…and {count} more.',
  'rules.held.breakthrough':
    'A breakthrough never fires for items already held: it acts on what arrives from now on.',
  'rules.held.untitled': '(no title)',
  'rules.applied':
    '“{name}” saved. Applied to 1 held item.||“{name}” saved. Applied to {count} held items.',
  'rules.applied.breakthrough': '“{name}” saved. It acts on what arrives from now on.',
  'rules.undo': 'Undo',
  'rules.undone':
    'Undone: the rule is back as it was, and 1 item is as it was.||Undone: the rule is back as it was, and {count} items are as they were.',
  'rules.undone.removed':
    'Undone: the rule is removed, and 1 item is back as it was.||Undone: the rule is removed, and {count} items are back as they were.',
  'rules.undo.already': 'That change was already undone.',
} as const;

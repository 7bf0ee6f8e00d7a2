import type { enRules } from './en-rules.ts';

/** Dutch strings of the rule form (see en-rules.ts). */
export const nlRules: Record<keyof typeof enRules, string> = {
  'rules.addCondition': 'Voorwaarde toevoegen',
  'rules.removeCondition': 'Verwijderen',
  'rules.removeConditionLabel': 'Voorwaarde {n} verwijderen',
  'rules.edit': 'Bewerken',
  'rules.editTitle': 'Regel bewerken',
  'rules.saveChanges': 'Wijzigingen opslaan',
  'rules.cancel': 'Annuleren',
  'rules.deliver.notices': 'Mijn meldingskanalen voor checkpoints',
  'rules.deliver.newNtfy': 'Een nieuw ntfy-topic…',
  'rules.deliver.ntfyUrl': 'URL van het ntfy-topic',
  'rules.channel.schedule': '{channel} (checkpointmeldingen)',
  'rules.channel.webpush': 'Web Push naar mijn browsers',
  'rules.channel.email': 'E-mail naar {address}',
  'rules.channel.rule': 'ntfy {url} (gebruikt door een andere regel)',
  'rules.held':
    'Opslaan past haar toe op het 1 item dat nu wordt vastgehouden:||Opslaan past haar toe op de {count} items die nu worden vastgehouden:',
  'rules.held.none': 'Geen enkel vastgehouden item voldoet eraan.',
  'rules.held.more': '…en nog 1.||…en nog {count}.',
  'rules.held.breakthrough':
    'Doorlaten gebeurt nooit achteraf voor items die al worden vastgehouden: het geldt voor wat vanaf nu binnenkomt.',
  'rules.held.untitled': '(geen titel)',
  'rules.applied':
    '“{name}” opgeslagen. Toegepast op 1 vastgehouden item.||“{name}” opgeslagen. Toegepast op {count} vastgehouden items.',
  'rules.applied.breakthrough': '“{name}” opgeslagen. Ze geldt voor wat vanaf nu binnenkomt.',
  'rules.undo': 'Ongedaan maken',
  'rules.undone':
    'Ongedaan gemaakt: de regel is weer zoals hij was, en 1 item is weer zoals het was.||Ongedaan gemaakt: de regel is weer zoals hij was, en {count} items zijn weer zoals ze waren.',
  'rules.undone.removed':
    'Ongedaan gemaakt: de regel is verwijderd, en 1 item is weer zoals het was.||Ongedaan gemaakt: de regel is verwijderd, en {count} items zijn weer zoals ze waren.',
  'rules.undo.already': 'Die wijziging was al ongedaan gemaakt.',
};

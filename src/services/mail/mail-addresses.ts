/**
 * Own addresses: `<random>@<CHECKPOINT_MAIL_DOMAIN>`, one per newsletter if the user likes.
 * Each address feeds its own `smtp` source, so cadence, weight and would-push work per
 * address; removing an address stops the mail but keeps what arrived (the source is paused).
 */
import { transaction } from '../../db/connect.ts';
import {
  deleteMailAddress,
  findMailAddress,
  findMailAddressByLocalPart,
  insertMailAddress,
  listMailAddresses,
  updateMailAddressLabel,
} from '../../db/repos/mail-addresses.ts';
import { findSource, insertSource, listSources, updateSource } from '../../db/repos/sources.ts';
import type { MailAddressRow } from '../../db/schema.ts';
import { CheckpointError, invalid, NotFoundError } from '../../domain/errors.ts';
import { randomLocalPart } from '../../intake/smtp/recipient.ts';
import type { App } from '../app.ts';
import { DEFAULT_REMOTE_IMAGES, type RemoteImages, readSmtpConfig } from './mail-config.ts';

/** An address as the CLI (`address list --json`) and `/api/v1/addresses` show it. */
export interface MailAddressView {
  id: number;
  /** `local@domain`; null while CHECKPOINT_MAIL_DOMAIN is unset. */
  address: string | null;
  localPart: string;
  label: string | null;
  sourceId: number;
  /** How the web view treats remote images in mail to this address. */
  remoteImages: RemoteImages;
  createdAt: string;
}

function view(
  app: App,
  row: MailAddressRow,
  remoteImages: RemoteImages = DEFAULT_REMOTE_IMAGES,
): MailAddressView {
  const domain = app.config.mailDomain;
  return {
    id: row.id,
    address: domain ? `${row.local_part}@${domain}` : null,
    localPart: row.local_part,
    label: row.label,
    sourceId: row.source_id,
    remoteImages,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function requireDomain(app: App): string {
  const domain = app.config.mailDomain;
  if (!domain) {
    throw new CheckpointError(
      'mail_domain_unset',
      'address: CHECKPOINT_MAIL_DOMAIN is not set, so there is no domain to make addresses on (see docs/newsletters.md)',
    );
  }
  return domain;
}

function checkLabel(label: string | null | undefined): string | null {
  const value = label?.trim() || null;
  if (value && value.length > 200)
    throw invalid('address: the label is longer than 200 characters', 'error.address.label');
  return value;
}

/**
 * Creates an address and its smtp source. Fails with `mail_domain_unset` (CLI exit 1; the API
 * answers 409) when CHECKPOINT_MAIL_DOMAIN is not configured.
 *
 * @example (await createMailAddress(app, user.id, { label: 'Weekly' })).address // 'k7q2m4xw9pzt@in.example.org'
 */
export async function createMailAddress(
  app: App,
  userId: number,
  input: { label?: string | null } = {},
): Promise<MailAddressView> {
  const domain = requireDomain(app);
  const label = checkLabel(input.label);
  const now = app.clock.now().getTime();
  for (let attempt = 0; attempt < 5; attempt++) {
    const localPart = randomLocalPart();
    if (await findMailAddressByLocalPart(app.db.kysely, localPart)) continue;
    const address = `${localPart}@${domain}`;
    const row = await transaction(app.db, async (trx) => {
      const source = await insertSource(trx, {
        user_id: userId,
        kind: 'smtp',
        name: label ?? address,
        url: `mailto:${address}`,
        config: JSON.stringify({ remoteImages: DEFAULT_REMOTE_IMAGES }),
        created_at: now,
      });
      return await insertMailAddress(trx, {
        user_id: userId,
        local_part: localPart,
        label,
        source_id: source.id,
        created_at: now,
      });
    });
    return view(app, row);
  }
  throw new CheckpointError(
    'address_exhausted',
    'address: could not find a free address, try again',
    { localised: { key: 'error.address.exhausted' } },
  );
}

export async function listMailAddressViews(app: App, userId: number): Promise<MailAddressView[]> {
  const sources = new Map((await listSources(app.db.kysely, userId)).map((s) => [s.id, s]));
  return (await listMailAddresses(app.db.kysely, userId)).map((row) =>
    view(app, row, readSmtpConfig(sources.get(row.source_id)?.config ?? '{}').remoteImages),
  );
}

/** Finds one of the user's addresses by id, full address or local part. */
export async function getMailAddress(
  app: App,
  userId: number,
  key: string | number,
): Promise<MailAddressRow> {
  const text = String(key).trim().toLowerCase();
  const lookup = /^\d+$/.test(text)
    ? { id: Number(text) }
    : { localPart: text.split('@')[0] ?? '' };
  const row = await findMailAddress(app.db.kysely, userId, lookup);
  if (!row) throw new NotFoundError(`address: no address ${key}`);
  return row;
}

/** Changes an address's label (and the name of its source) or its remote-image choice. */
export async function updateMailAddress(
  app: App,
  userId: number,
  key: string | number,
  patch: { label?: string | null; remoteImages?: RemoteImages },
): Promise<MailAddressView> {
  const row = await getMailAddress(app, userId, key);
  const label = patch.label === undefined ? row.label : checkLabel(patch.label);
  const domain = app.config.mailDomain;
  await transaction(app.db, async (trx) => {
    const source = await findSource(trx, userId, row.source_id);
    const config = readSmtpConfig(source?.config ?? '{}');
    await updateMailAddressLabel(trx, userId, row.id, label);
    await updateSource(trx, userId, row.source_id, {
      name: label ?? (domain ? `${row.local_part}@${domain}` : row.local_part),
      config: JSON.stringify({
        ...config,
        ...(patch.remoteImages ? { remoteImages: patch.remoteImages } : {}),
      }),
    });
  });
  return (await listMailAddressViews(app, userId)).find((a) => a.id === row.id)!;
}

/**
 * Removes an address: mail to it is refused from now on. Its source and items stay (paused,
 * with the reason), so nothing that arrived is lost; `source remove` deletes them.
 */
export async function removeMailAddress(
  app: App,
  userId: number,
  key: string | number,
): Promise<MailAddressView> {
  const row = await getMailAddress(app, userId, key);
  const shown = view(app, row);
  await transaction(app.db, async (trx) => {
    await deleteMailAddress(trx, userId, row.id);
    await updateSource(trx, userId, row.source_id, {
      enabled: 0,
      disabled_reason: `address ${shown.address ?? row.local_part} removed`,
    });
  });
  return shown;
}

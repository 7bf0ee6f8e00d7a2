import type { Executor } from '../connect.ts';
import type { MailAddressRow } from '../schema.ts';

/** Own mail addresses: scoped to their user, except the lookup the SMTP intake does. */
export async function insertMailAddress(
  db: Executor,
  row: {
    user_id: number;
    local_part: string;
    label: string | null;
    source_id: number;
    created_at: number;
  },
): Promise<MailAddressRow> {
  return await db.insertInto('mail_addresses').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The address with this local part, whoever owns it (for RCPT TO and delivery). */
export async function findMailAddressByLocalPart(
  db: Executor,
  localPart: string,
): Promise<MailAddressRow | undefined> {
  return await db
    .selectFrom('mail_addresses')
    .selectAll()
    .where('local_part', '=', localPart)
    .executeTakeFirst();
}

export async function listMailAddresses(db: Executor, userId: number): Promise<MailAddressRow[]> {
  return await db
    .selectFrom('mail_addresses')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One of the user's addresses, by id or by local part. */
export async function findMailAddress(
  db: Executor,
  userId: number,
  key: { id: number } | { localPart: string },
): Promise<MailAddressRow | undefined> {
  let query = db.selectFrom('mail_addresses').selectAll().where('user_id', '=', userId);
  query =
    'id' in key ? query.where('id', '=', key.id) : query.where('local_part', '=', key.localPart);
  return await query.executeTakeFirst();
}

export async function updateMailAddressLabel(
  db: Executor,
  userId: number,
  id: number,
  label: string | null,
): Promise<void> {
  await db
    .updateTable('mail_addresses')
    .set({ label })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .execute();
}

export async function deleteMailAddress(
  db: Executor,
  userId: number,
  id: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('mail_addresses')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

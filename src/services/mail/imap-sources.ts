/** Connecting a mailbox as a source: test, add, read and change its settings. */
import { findSourceByUrl, insertSource, updateSource } from '../../db/repos/sources.ts';
import type { SourceRow } from '../../db/schema.ts';
import { ConflictError, invalid, ValidationError } from '../../domain/errors.ts';
import { checkFolderSeparator } from '../../sources/imap/check-folder-separator.ts';
import { imapLogin } from '../../sources/imap/config.ts';
import { connectMailbox, type ImapLogin } from '../../sources/imap/connect.ts';
import { ImapError } from '../../sources/imap/errors.ts';
import { type CertificateSummary, normaliseFingerprint } from '../../sources/imap/fingerprint.ts';
import { cannotMove } from '../../sources/imap/move-messages.ts';
import { imapKind } from '../../sources/imap/spec.ts';
import { readState } from '../../sources/stored.ts';
import type { App } from '../app.ts';
import { getSource, type SourceView, toSourceView } from '../sources/sources.ts';
import {
  checkFolder,
  DEFAULT_REMOTE_IMAGES,
  DEFAULT_SINCE_DAYS,
  encryptPassword,
  markedSenders,
  type RemoteImages,
  readImapConfig,
  type StoredImapConfig,
  type TlsMode,
} from './mail-config.ts';

/** What connecting a mailbox needs (CLI `source add-imap`, `POST /api/v1/sources/imap`). */
export interface ImapSourceInput {
  host: string;
  port: number;
  tls: TlsMode;
  user: string;
  password: string;
  folder?: string;
  /** Move matched messages to this folder (created if missing); absent or null: leave them. */
  moveTo?: string | null;
  senders?: string[];
  remoteImages?: RemoteImages;
  sinceDays?: number;
  name?: string | null;
  /** Trust the server's certificate with this SHA-256 fingerprint (`SHA256:AB:…`, any spelling). */
  tlsFingerprint?: string | null;
}

/** The outcome of "test connection": never throws for mailbox problems. */
export type ImapTestResult =
  | { ok: true; folders: string[]; messages: number }
  | {
      ok: false;
      code: string;
      error: string;
      /** The certificate refused, so that the user can trust it before saving. */
      certificate?: CertificateSummary;
    };

/** An imap source's settings as shown (no password). */
export interface ImapSettingsView {
  host: string;
  port: number;
  tls: TlsMode;
  user: string;
  folder: string;
  moveTo: string | null;
  senders: string[];
  remoteImages: RemoteImages;
  sinceDays: number;
  tlsFingerprint: string | null;
}

function checkLogin(input: ImapSourceInput): ImapLogin {
  const host = input.host.trim().toLowerCase();
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+|[0-9a-f:]+)$/i.test(host))
    throw invalid(`imap: "${input.host}" is not a host name`, 'error.imap.host', {
      host: input.host,
    });
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)
    throw invalid(`imap: port must be between 1 and 65535 (got ${input.port})`, 'error.imap.port');
  if (!input.user.trim()) throw invalid('imap: the user name is empty', 'error.imap.user');
  if (!input.password) throw invalid('imap: the password is empty', 'error.imap.password');
  return {
    host,
    port: input.port,
    tls: input.tls,
    user: input.user.trim(),
    password: input.password,
    fingerprint: trustedFingerprint(input.tlsFingerprint, input.tls),
  };
}

/** A fingerprint to trust, normalised; only where there is a certificate to check. */
function trustedFingerprint(input: string | null | undefined, tls: TlsMode): string | null {
  if (!input) return null;
  const fingerprint = normaliseFingerprint(input);
  if (tls === 'none')
    throw invalid(
      'imap: a trusted certificate fingerprint needs an encrypted connection (--tls tls or starttls)',
      'error.imap.fingerprintPlain',
    );
  return fingerprint;
}

/** `imaps://me%40example.org@imap.example.org:993/INBOX`: shown in lists, unique per user. */
export function mailboxUrl(
  login: { host: string; port: number; tls: TlsMode; user: string },
  folder: string,
): string {
  const scheme = login.tls === 'tls' ? 'imaps' : 'imap';
  return `${scheme}://${encodeURIComponent(login.user)}@${login.host}:${login.port}/${encodeURIComponent(folder)}`;
}

/**
 * Logs in, opens the folder read-only, and logs out; throws `ImapError` on any problem, also
 * when messages are to be moved and the server can do neither MOVE nor UIDPLUS (refused here,
 * before anything is created on the server), and when a folder uses `/` on a server that
 * separates with `.` (refused rather than translated: the user sees the name the server uses).
 */
async function verify(
  app: App,
  login: ImapLogin,
  folder: string,
  moveTo: string | null = null,
): Promise<ImapTestResult & { ok: true }> {
  const mailbox = await connectMailbox(login, { allowNetworks: app.config.allowNetworks });
  try {
    if (moveTo && !mailbox.canMove()) throw cannotMove(login);
    for (const name of moveTo ? [folder, moveTo] : [folder])
      checkFolderSeparator(name, mailbox.separator());
    const opened = await mailbox.open(folder, true);
    return { ok: true, folders: await mailbox.folders(), messages: opened.exists };
  } finally {
    await mailbox.close();
  }
}

/**
 * "Test connection": logs in and opens the folder, answering what went wrong instead of
 * throwing (wrong password, TLS problem, unknown folder, refused, blocked by the SSRF guard).
 *
 * @example await testImapConnection(app, { host: 'imap.fastmail.com', port: 993, tls: 'tls', user, password })
 */
export async function testImapConnection(
  app: App,
  input: ImapSourceInput,
): Promise<ImapTestResult> {
  try {
    return await verify(app, checkLogin(input), checkFolder(input.folder ?? 'INBOX'));
  } catch (error) {
    if (error instanceof ImapError && error.certificate)
      return { ok: false, code: error.code, error: error.message, certificate: error.certificate };
    if (error instanceof ImapError || error instanceof ValidationError)
      return { ok: false, code: error.code, error: error.message };
    throw error;
  }
}

/**
 * Adds a mailbox as a source after checking that the login and the folder work. The password
 * is stored encrypted; the first fetch happens at once (next_check_at = now).
 */
export async function addImapSource(
  app: App,
  userId: number,
  input: ImapSourceInput,
): Promise<SourceView> {
  const login = checkLogin(input);
  const folder = checkFolder(input.folder ?? 'INBOX');
  const config: StoredImapConfig = {
    host: login.host,
    port: login.port,
    tls: login.tls,
    user: login.user,
    password: encryptPassword(login.password, app.config.secret),
    folder,
    moveTo: input.moveTo ? checkFolder(input.moveTo, '--move-to folder') : null,
    senders: markedSenders(input.senders ?? []),
    sinceDays: input.sinceDays ?? DEFAULT_SINCE_DAYS,
    remoteImages: input.remoteImages ?? DEFAULT_REMOTE_IMAGES,
    tlsFingerprint: login.fingerprint ?? null,
  };
  if (config.moveTo === folder)
    throw invalid('imap: --move-to must differ from --folder', 'error.imap.moveTo');
  const url = mailboxUrl(login, folder);
  if (await findSourceByUrl(app.db.kysely, userId, 'imap', url))
    throw new ConflictError(`source: ${url} is already connected`, {
      localised: { key: 'error.imap.connected', params: { user: login.user, host: login.host } },
    });
  await verify(app, login, folder, config.moveTo);
  const now = app.clock.now().getTime();
  const defaultName = login.user.includes('@') ? login.user : `${login.user}@${login.host}`;
  const row = await insertSource(app.db.kysely, {
    user_id: userId,
    kind: 'imap',
    name: input.name?.trim() || (folder === 'INBOX' ? defaultName : `${defaultName} · ${folder}`),
    url,
    config: JSON.stringify(config),
    interval_minutes: app.config.fetch.intervalMinutes,
    next_check_at: now,
    created_at: now,
  });
  return toSourceView(row);
}

/** The state with one folder's position set back to the start (UIDVALIDITY and pending moves kept). */
function rescanState(stateJson: string, folder: string): string {
  // A broken state is as good as none.
  const state = readState(imapKind, stateJson);
  const folders = { ...(state.folders ?? {}) };
  const current = folders[folder];
  if (current) folders[folder] = { ...current, lastUid: 0 };
  return JSON.stringify({ ...state, folders });
}

export function toImapSettingsView(row: SourceRow): ImapSettingsView {
  const { password: _password, ...config } = readImapConfig(row.config);
  return config;
}

/** Changes of an imap source's settings; a new password or folder is verified first. */
export interface ImapSettingsPatch {
  password?: string;
  folder?: string;
  moveTo?: string | null;
  senders?: string[];
  remoteImages?: RemoteImages;
  sinceDays?: number;
  /** Trust the certificate with this fingerprint; null: trust the system CAs again. */
  tlsFingerprint?: string | null;
}

/** Applies a settings change to an imap source of the user. */
export async function updateImapSettings(
  app: App,
  userId: number,
  sourceId: number,
  patch: ImapSettingsPatch,
): Promise<ImapSettingsView> {
  const row = await getSource(app, userId, sourceId);
  if (row.kind !== 'imap') throw new ValidationError(`imap: source ${sourceId} is not a mailbox`);
  const config = readImapConfig(row.config);
  const next: StoredImapConfig = { ...config };
  if (patch.folder !== undefined) next.folder = checkFolder(patch.folder);
  if (patch.moveTo !== undefined)
    next.moveTo = patch.moveTo ? checkFolder(patch.moveTo, 'move-to folder') : null;
  if (next.moveTo === next.folder)
    throw invalid('imap: the move-to folder must differ from the folder', 'error.imap.moveTo');
  if (patch.senders !== undefined) next.senders = markedSenders(patch.senders);
  if (patch.remoteImages !== undefined) next.remoteImages = patch.remoteImages;
  if (patch.sinceDays !== undefined) next.sinceDays = patch.sinceDays;
  if (patch.password !== undefined)
    next.password = encryptPassword(patch.password, app.config.secret);
  if (patch.tlsFingerprint !== undefined)
    next.tlsFingerprint = trustedFingerprint(patch.tlsFingerprint, next.tls);
  const newMoveTo = next.moveTo !== null && next.moveTo !== config.moveTo;
  // What the user changed to make a failing mailbox work again: it is tried at once.
  const repaired = patch.password !== undefined || next.tlsFingerprint !== config.tlsFingerprint;
  if (repaired || patch.folder !== undefined || newMoveTo) {
    await verify(app, imapLogin(next, app.config.secret), next.folder, next.moveTo);
  }
  // Newly marked senders (or another folder) apply to mail already there: read the folder
  // again from the start of the `sinceDays` window; stored messages are recognised by id.
  const rescan =
    next.folder !== config.folder || next.senders.some((s) => !config.senders.includes(s));
  await updateSource(app.db.kysely, userId, sourceId, {
    config: JSON.stringify(next),
    url: mailboxUrl(next, next.folder),
    ...(rescan
      ? { state: rescanState(row.state, next.folder), next_check_at: app.clock.now().getTime() }
      : {}),
    ...(repaired ? { error_count: 0, last_error: null, disabled_reason: null, enabled: 1 } : {}),
  });
  return toImapSettingsView({ ...row, config: JSON.stringify(next) });
}

/**
 * The mailbox parts of the Newsletters page: the "connect a mailbox" form with its
 * "Test connection" button, the result of a test, and the settings of a connected mailbox.
 */
import type { CheckpointError } from '../../../domain/errors.ts';
import type {
  ImapSettingsPatch,
  ImapSettingsView,
  ImapSourceInput,
  ImapTestResult,
} from '../../../services/mail/imap-sources.ts';
import { TLS_MODES, type TlsMode } from '../../../services/mail/mail-config.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { Csrf } from '../layout.tsx';

type Body = Record<string, string | File | (string | File)[]>;

const text = (body: Body, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : '';
};

/** `a@b.org, example.org` or one per line → the list (validated by the service). */
function senderList(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What the mailbox form sent, as the service takes it. */
export function mailboxInput(body: Body): ImapSourceInput {
  const tls = text(body, 'tls');
  const port = text(body, 'port').trim();
  return {
    host: text(body, 'host').trim(),
    port: /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN,
    tls: (TLS_MODES as readonly string[]).includes(tls) ? (tls as TlsMode) : 'tls',
    user: text(body, 'user'),
    password: text(body, 'password'),
    folder: text(body, 'folder').trim() || 'INBOX',
    moveTo: text(body, 'moveTo').trim() || null,
    senders: senderList(text(body, 'senders')),
    remoteImages: text(body, 'remoteImages') === 'show' ? 'show' : 'block',
  };
}

/** The settings form of a connected mailbox, as a patch (an empty password keeps the old one). */
export function mailboxPatch(body: Body): ImapSettingsPatch {
  const password = text(body, 'password');
  return {
    folder: text(body, 'folder').trim() || 'INBOX',
    moveTo: text(body, 'moveTo').trim() || null,
    senders: senderList(text(body, 'senders')),
    remoteImages: text(body, 'remoteImages') === 'show' ? 'show' : 'block',
    ...(password ? { password } : {}),
  };
}

/** A test result in the reader's language (the service's own message is kept as detail). */
export interface TestOutcome {
  ok: boolean;
  text: string;
  detail: string | null;
}

const PROBLEMS: Record<string, MessageKey> = {
  imap_auth: 'mailbox.problem.auth',
  imap_tls: 'mailbox.problem.tls',
  imap_folder: 'mailbox.problem.folder',
  imap_connect: 'mailbox.problem.connect',
  imap_blocked: 'mailbox.problem.blocked',
};

export function testOutcome(result: ImapTestResult, folder: string, t: Translate): TestOutcome {
  if (result.ok) {
    return {
      ok: true,
      text: t('mailbox.testOk', { count: result.messages, folder }),
      detail: t('mailbox.folders', { folders: result.folders.join(', ') }),
    };
  }
  return {
    ok: false,
    text: t(PROBLEMS[result.code] ?? 'mailbox.problem.other'),
    detail: result.error,
  };
}

/** A failed connect (thrown by the service) as an outcome. */
export function errorOutcome(error: CheckpointError, t: Translate): TestOutcome {
  return {
    ok: false,
    text: t(PROBLEMS[error.code] ?? 'mailbox.problem.other'),
    detail: error.message,
  };
}

export function TestResult({ outcome }: { outcome: TestOutcome | null }) {
  return (
    <div
      id="imap-test-result"
      class={outcome ? (outcome.ok ? 'notice' : 'notice error') : 'notice'}
      role="status"
      aria-live="polite"
    >
      {outcome ? (
        <>
          <strong>{outcome.text}</strong>
          {outcome.detail ? <span class="small detail">{outcome.detail}</span> : null}
        </>
      ) : null}
    </div>
  );
}

/** Values to show again after a test or a failed connect (never the password). */
export type MailboxPrefill = Omit<ImapSourceInput, 'password'>;

function TlsSelect({ id, value, t }: { id: string; value: TlsMode; t: Translate }) {
  return (
    <select id={id} name="tls">
      {TLS_MODES.map((mode) => (
        <option value={mode} selected={mode === value}>
          {t(`mailbox.tls.${mode}`)}
        </option>
      ))}
    </select>
  );
}

/** Folder, move-to, marked senders and remote images: shared by "connect" and "settings". */
function MailboxChoices(props: {
  idp: string;
  t: Translate;
  folder: string;
  moveTo: string | null;
  senders: string[];
  remoteImages: string;
}) {
  const { t, idp } = props;
  return (
    <>
      <div class="row">
        <div>
          <label for={`${idp}folder`}>{t('mailbox.folder')}</label>
          <input type="text" id={`${idp}folder`} name="folder" value={props.folder} required />
        </div>
        <div>
          <label for={`${idp}moveTo`}>{t('mailbox.moveTo')}</label>
          <input
            type="text"
            id={`${idp}moveTo`}
            name="moveTo"
            value={props.moveTo ?? ''}
            placeholder="Checkpoint"
            aria-describedby={`${idp}moveTo-help`}
          />
        </div>
      </div>
      <p class="help" id={`${idp}moveTo-help`}>
        {t('mailbox.moveToHelp')}
      </p>
      <label for={`${idp}senders`}>{t('mailbox.senders')}</label>
      <textarea
        id={`${idp}senders`}
        name="senders"
        rows={2}
        placeholder="news@example.org, example.com"
        aria-describedby={`${idp}senders-help`}
      >
        {props.senders.join('\n')}
      </textarea>
      <p class="help" id={`${idp}senders-help`}>
        {t('mailbox.sendersHelp')}
      </p>
      <label class="check">
        <input
          type="checkbox"
          name="remoteImages"
          value="show"
          checked={props.remoteImages === 'show'}
        />
        <span>
          {t('mailbox.remoteImages')}
          <span class="help">{t('mailbox.remoteImagesHelp')}</span>
        </span>
      </label>
    </>
  );
}

/** "Connect a mailbox": the login, what to read, and Test connection / Connect. */
export function MailboxForm(props: {
  t: Translate;
  csrf: string;
  prefill: MailboxPrefill | null;
  outcome: TestOutcome | null;
}) {
  const { t } = props;
  const p = props.prefill;
  return (
    <form method="post" action="/sources/newsletters/imap" class="card" id="imap-form">
      <Csrf token={props.csrf} />
      <h2>{t('mailbox.title')}</h2>
      <p class="help">{t('mailbox.intro')}</p>
      <div class="row">
        <div>
          <label for="imap-host">{t('mailbox.host')}</label>
          <input
            type="text"
            id="imap-host"
            name="host"
            required
            value={p?.host ?? ''}
            placeholder="imap.example.org"
            autocomplete="off"
            spellcheck={false}
          />
        </div>
        <div class="shrink">
          <label for="imap-port">{t('mailbox.port')}</label>
          <input
            type="number"
            id="imap-port"
            name="port"
            min="1"
            max="65535"
            required
            class="port"
            value={p && Number.isFinite(p.port) ? String(p.port) : '993'}
          />
        </div>
      </div>
      <div class="row">
        <div>
          <label for="imap-tls">{t('mailbox.tls')}</label>
          <TlsSelect id="imap-tls" value={p?.tls ?? 'tls'} t={t} />
        </div>
        <div>
          <label for="imap-user">{t('mailbox.user')}</label>
          <input
            type="text"
            id="imap-user"
            name="user"
            required
            value={p?.user ?? ''}
            autocomplete="off"
            spellcheck={false}
          />
        </div>
      </div>
      <label for="imap-password">{t('mailbox.password')}</label>
      <input
        type="password"
        id="imap-password"
        name="password"
        required
        autocomplete="new-password"
        aria-describedby="imap-password-help"
      />
      <p class="help" id="imap-password-help">
        {t('mailbox.passwordHelp')}
      </p>
      <MailboxChoices
        idp="imap-"
        t={t}
        folder={p?.folder ?? 'INBOX'}
        moveTo={p?.moveTo ?? null}
        senders={p?.senders ?? []}
        remoteImages={p?.remoteImages ?? 'block'}
      />
      <TestResult outcome={props.outcome} />
      <div class="actions">
        <button type="submit" id="imap-test" formaction="/sources/newsletters/test">
          {t('mailbox.test')}
        </button>
        <button type="submit" class="primary">
          {t('mailbox.connect')}
        </button>
      </div>
    </form>
  );
}

/** The settings of a connected mailbox (shown under its source row). */
export function MailboxSettings(props: {
  id: number;
  view: ImapSettingsView;
  t: Translate;
  csrf: string;
}) {
  const { t, view, id } = props;
  const idp = `imap-${id}-`;
  return (
    <details class="settings">
      <summary>{t('mailbox.settings')}</summary>
      <form method="post" action={`/sources/newsletters/imap/${id}`}>
        <Csrf token={props.csrf} />
        <p class="help">
          {t('mailbox.login', {
            user: view.user,
            host: view.host,
            port: view.port,
            tls: t(`mailbox.tls.${view.tls}`),
          })}
        </p>
        <MailboxChoices
          idp={idp}
          t={t}
          folder={view.folder}
          moveTo={view.moveTo}
          senders={view.senders}
          remoteImages={view.remoteImages}
        />
        <label for={`${idp}password`}>{t('mailbox.newPassword')}</label>
        <input type="password" id={`${idp}password`} name="password" autocomplete="new-password" />
        <div class="actions">
          <button type="submit">{t('common.save')}</button>
        </div>
      </form>
    </details>
  );
}

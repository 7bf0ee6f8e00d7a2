/**
 * The mailbox parts of the Newsletters page: the "connect a mailbox" form with its
 * "Test connection" button, the result of a test, and the settings of a connected mailbox.
 */
import type { ImapSettingsView, ImapSourceInput } from '../../../services/mail/imap-sources.ts';
import { TLS_MODES, type TlsMode } from '../../../services/mail/mail-config.ts';
import type { Translate } from '../i18n/index.ts';
import { Csrf } from '../layout.tsx';
import { CertificateNote, FingerprintField, offeredFingerprint } from './mailbox-certificate.tsx';
import { type TestOutcome, TestResult } from './mailbox-test-result.tsx';

export {
  errorOutcome,
  type TestOutcome,
  TestResult,
  testOutcome,
} from './mailbox-test-result.tsx';

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

/**
 * "Load remote images": a mailbox's (with its explanation when `help`) or an own address's.
 *
 * @example <RemoteImagesCheck t={t} show={view.remoteImages === 'show'} help />
 */
export function RemoteImagesCheck(props: { t: Translate; show: boolean; help?: boolean }) {
  const { t } = props;
  return (
    <label class="check">
      <input type="checkbox" name="remoteImages" value="show" checked={props.show} />
      <span>
        {t('mailbox.remoteImages')}
        {props.help ? <span class="help">{t('mailbox.remoteImagesHelp')}</span> : null}
      </span>
    </label>
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
      <RemoteImagesCheck t={t} show={props.remoteImages === 'show'} help />
    </>
  );
}

/** A plain text field of the login (no spell-checking, no autofill). */
function LoginInput(props: { id: string; name: string; value: string; placeholder?: string }) {
  return (
    <input
      type="text"
      id={props.id}
      name={props.name}
      required
      value={props.value}
      placeholder={props.placeholder}
      autocomplete="off"
      spellcheck={false}
    />
  );
}

/** Server, port, security, user name and password of the mailbox to connect. */
function LoginFields({ t, p }: { t: Translate; p: MailboxPrefill | null }) {
  return (
    <>
      <div class="row">
        <div>
          <label for="imap-host">{t('mailbox.host')}</label>
          <LoginInput
            id="imap-host"
            name="host"
            value={p?.host ?? ''}
            placeholder="imap.example.org"
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
          <LoginInput id="imap-user" name="user" value={p?.user ?? ''} />
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
      <FingerprintField t={t} id="imap-tlsFingerprint" value={p?.tlsFingerprint ?? null} />
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
      <LoginFields t={t} p={p} />
      <MailboxChoices
        idp="imap-"
        t={t}
        folder={p?.folder ?? 'INBOX'}
        moveTo={p?.moveTo ?? null}
        senders={p?.senders ?? []}
        remoteImages={p?.remoteImages ?? 'block'}
      />
      <TestResult outcome={props.outcome} t={t} />
      <div class="actions">
        <button
          type="submit"
          id="imap-test"
          formaction="/sources/newsletters/test"
          data-trust-label={t('mailbox.trust')}
        >
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
  /** The source's last error: when a certificate was refused, it offers to trust it. */
  lastError?: string | null;
}) {
  const { t, view, id } = props;
  const idp = `imap-${id}-`;
  const offered = offeredFingerprint(props.lastError);
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
        <FingerprintField t={t} id={`${idp}tlsFingerprint`} value={view.tlsFingerprint} />
        {offered && offered !== view.tlsFingerprint ? (
          <CertificateNote t={t} certificate={null} fingerprint={offered} />
        ) : null}
        <div class="actions">
          <button type="submit">{t('common.save')}</button>
        </div>
      </form>
    </details>
  );
}

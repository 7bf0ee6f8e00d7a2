/**
 * The own-address and sender parts of the Newsletters page: addresses (create, copy, rename,
 * remove, with an explanation while no mail domain is configured) and the senders of held
 * newsletters with SPF/DKIM/DMARC and unsubscribe.
 */
import type { MailAddressView } from '../../../services/mail/mail-addresses.ts';
import type { SenderView } from '../../../services/mail/senders.ts';
import { formatDate } from '../chrome.ts';
import type { Translate } from '../i18n/index.ts';
import { Csrf } from '../layout.tsx';
import { LabelCreateForm } from './label-create-form.tsx';
import { RemoteImagesCheck } from './newsletter-mailbox.tsx';
import { withCode } from './source-tabs.tsx';

/** Why there are no addresses yet, and what the administrator sets up (env, MX record, port). */
function DomainUnset({ t }: { t: Translate }) {
  return (
    <div class="notice" id="mail-domain-unset">
      <p>
        <strong>{t('addresses.unset')}</strong>
      </p>
      <ol class="steps">
        <li>{withCode(t('addresses.unsetDomain'))}</li>
        <li>
          {withCode(t('addresses.unsetMx'))}
          <pre>
            <code>
              {'in.example.org.   MX  10 mx.example.org.\nmx.example.org.   A      203.0.113.7'}
            </code>
          </pre>
        </li>
        <li>{withCode(t('addresses.unsetPort'))}</li>
      </ol>
    </div>
  );
}

/** Remove an address, behind a confirmation. */
function RemoveAddress({ a, t, csrf }: { a: MailAddressView; t: Translate; csrf: string }) {
  return (
    <details class="confirm">
      <summary class="button danger">{t('common.remove')}</summary>
      <form method="post" action={`/sources/newsletters/addresses/${a.id}/remove`}>
        <Csrf token={csrf} />
        <button type="submit" class="danger">
          {t('addresses.removeConfirm', { address: a.address ?? a.localPart })}
        </button>
      </form>
    </details>
  );
}

/** An address's label and remote images. */
function AddressSettings(props: { a: MailAddressView; t: Translate; csrf: string; id: string }) {
  const { a, t, id } = props;
  return (
    <details class="settings">
      <summary>{t('nav.settings')}</summary>
      <form method="post" action={`/sources/newsletters/addresses/${a.id}`}>
        <Csrf token={props.csrf} />
        <label for={`${id}-label`}>{t('addresses.label')}</label>
        <input type="text" id={`${id}-label`} name="label" value={a.label ?? ''} maxlength={200} />
        <RemoteImagesCheck t={t} show={a.remoteImages === 'show'} />
        <div class="actions">
          <button type="submit">{t('common.save')}</button>
        </div>
      </form>
    </details>
  );
}

function AddressRow(props: { a: MailAddressView; t: Translate; csrf: string; when: string }) {
  const { a, t } = props;
  const id = `address-${a.id}`;
  const name = a.label ?? a.address ?? a.localPart;
  return (
    <li class="item address">
      <div class="source-name">{a.label ?? t('addresses.noLabel')}</div>
      <div class="copy">
        <input
          type="text"
          id={id}
          value={a.address ?? a.localPart}
          readonly
          aria-label={t('addresses.addressOf', { name })}
        />
        <button type="button" data-copy={id} data-done={t('common.copied')}>
          {t('common.copy')}
        </button>
      </div>
      <div class="item-meta">
        <span>{t('addresses.created', { when: props.when })}</span>
        <span>
          {a.remoteImages === 'show' ? t('addresses.imagesShown') : t('addresses.imagesBlocked')}
        </span>
      </div>
      <div class="item-actions">
        <RemoveAddress a={a} t={t} csrf={props.csrf} />
        <AddressSettings a={a} t={t} csrf={props.csrf} id={id} />
      </div>
    </li>
  );
}

/** "Your own addresses": the explanation without a domain, else the list and a create form. */
export function AddressesSection(props: {
  t: Translate;
  csrf: string;
  domain: string | null;
  listening: boolean;
  addresses: MailAddressView[];
  tz: string;
  lang: string;
}) {
  const { t } = props;
  return (
    <section class="card" id="addresses" aria-labelledby="addresses-title">
      <h2 id="addresses-title">{t('addresses.title')}</h2>
      <p class="help">{t('addresses.intro')}</p>
      {props.domain === null ? (
        <DomainUnset t={t} />
      ) : props.listening ? null : (
        <p class="notice">{withCode(t('addresses.noPort'))}</p>
      )}
      {props.addresses.length ? (
        <ul class="items" aria-label={t('addresses.title')}>
          {props.addresses.map((a) => (
            <AddressRow
              a={a}
              t={t}
              csrf={props.csrf}
              when={formatDate(a.createdAt, props.tz, props.lang)}
            />
          ))}
        </ul>
      ) : null}
      {props.domain === null ? null : (
        <LabelCreateForm
          action="/sources/newsletters/addresses"
          csrf={props.csrf}
          id="address-label"
          label={t('addresses.newLabel')}
          maxlength={200}
          placeholder={t('addresses.labelPlaceholder')}
          submit={t('addresses.create')}
        >
          <p class="help">{t('addresses.domainHelp', { domain: props.domain })}</p>
        </LabelCreateForm>
      )}
    </section>
  );
}

const AUTH_GOOD = new Set(['pass']);
const AUTH_BAD = new Set(['fail', 'softfail', 'permerror']);

function AuthResult({ label, result }: { label: string; result: string }) {
  const cls = AUTH_GOOD.has(result)
    ? 'status-ok'
    : AUTH_BAD.has(result)
      ? 'status-bad'
      : 'status-off';
  return (
    <span>
      {label} <span class={cls}>{result}</span>
    </span>
  );
}

function Auth({ auth }: { auth: NonNullable<SenderView['auth']> }) {
  const dkim = auth.dkim.find((d) => d.result === 'pass')?.result ?? auth.dkim[0]?.result ?? 'none';
  return (
    <div class="item-meta auth">
      <AuthResult label="SPF" result={auth.spf.result} />
      <AuthResult label="DKIM" result={dkim} />
      <AuthResult label="DMARC" result={auth.dmarc.result} />
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** The recorded outcome of the last unsubscribe attempt. */
function LastAttempt(props: { s: SenderView; t: Translate; tz: string; lang: string }) {
  const last = props.s.lastUnsubscribe;
  if (!last) return null;
  const { t } = props;
  const when = formatDate(last.at, props.tz, props.lang);
  const method = t(`senders.method.${last.method}`);
  if (last.status === 'done')
    return <p class="small status-ok">{t('senders.done', { when, method })}</p>;
  if (last.status === 'failed')
    return <p class="small status-bad">{t('senders.failed', { when, method })}</p>;
  return <p class="small muted">{t('senders.offered', { when })}</p>;
}

/** Unsubscribe: one click when offered, else the link or the mailto (and "send it for me"). */
function Unsubscribe(props: { s: SenderView; t: Translate; csrf: string; canMail: boolean }) {
  const { s, t } = props;
  const offer = s.unsubscribe;
  if (!offer || (!offer.web.length && !offer.mailto.length))
    return <p class="small muted">{t('senders.noOffer')}</p>;
  const link = offer.web.find((u) => u.startsWith('https:')) ?? offer.web[0];
  const mailto = offer.mailto[0];
  const who = s.name ?? s.sender;
  if (offer.oneClick && link) {
    return (
      <form method="post" action={`/sources/newsletters/unsubscribe/${s.latestItemId}`}>
        <Csrf token={props.csrf} />
        <button type="submit" aria-label={t('senders.unsubscribeFrom', { sender: who })}>
          {t('senders.unsubscribe')}
        </button>
        <span class="small muted"> {t('senders.oneClick')}</span>
      </form>
    );
  }
  return (
    <div class="item-actions">
      {link ? (
        <a class="button" href={link} rel="noopener noreferrer nofollow" target="_blank">
          {t('senders.openLink', { host: hostOf(link) })}
        </a>
      ) : null}
      {mailto ? (
        <a class="button" href={mailto}>
          {t('senders.writeMail')}
        </a>
      ) : null}
      {mailto && props.canMail ? (
        <form
          method="post"
          action={`/sources/newsletters/unsubscribe/${s.latestItemId}`}
          class="inline"
        >
          <Csrf token={props.csrf} />
          <input type="hidden" name="method" value="mailto" />
          <button type="submit">{t('senders.sendMail')}</button>
        </form>
      ) : null}
    </div>
  );
}

/** The senders of held newsletters, most recently heard from first. */
export function SendersSection(props: {
  t: Translate;
  csrf: string;
  senders: SenderView[];
  canMail: boolean;
  tz: string;
  lang: string;
}) {
  const { t } = props;
  return (
    <section id="senders" aria-labelledby="senders-title">
      <h2 id="senders-title">{t('senders.title')}</h2>
      {props.senders.length === 0 ? (
        <p class="muted">{t('senders.empty')}</p>
      ) : (
        <ul class="items" aria-labelledby="senders-title">
          {props.senders.map((s) => (
            <li class="item sender">
              <div class="source-name">{s.name ?? s.sender}</div>
              <div class="item-meta">
                {s.name ? <span>{s.sender}</span> : null}
                <span>{t('senders.count', { count: s.count })}</span>
                <span>
                  {t('senders.last', { when: formatDate(s.lastReceivedAt, props.tz, props.lang) })}
                </span>
                <span>{s.sources.map((src) => src.name).join(', ')}</span>
              </div>
              {s.auth ? <Auth auth={s.auth} /> : null}
              <LastAttempt s={s} t={t} tz={props.tz} lang={props.lang} />
              {s.lastUnsubscribe?.status === 'done' ? null : (
                <Unsubscribe s={s} t={t} csrf={props.csrf} canMail={props.canMail} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

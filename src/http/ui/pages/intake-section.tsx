/**
 * The push-intake part of the Social & phone page: intake tokens (created, shown once,
 * revoked) and copy-ready examples for ntfy, Gotify, Pushover, Android forwarders and iOS
 * Shortcuts, filled with the instance's URL and the new token.
 */
import type { Child } from 'hono/jsx';
import type { IntakeTokenView } from '../../../services/intake/intake-tokens.ts';
import { formatDate } from '../chrome.ts';
import type { Translate } from '../i18n/index.ts';
import { intakeExamples } from '../intake-examples.ts';
import { Csrf } from '../layout.tsx';
import { kindLabel } from '../source-kind-label.ts';
import { LabelCreateForm } from './label-create-form.tsx';
import { withCode } from './source-tabs.tsx';

/** A code block with a Copy button. */
function Code({ id, code, t }: { id: string; code: string; t: Translate }) {
  return (
    <div class="code">
      <pre id={id} tabindex={0}>
        <code>{code}</code>
      </pre>
      <button type="button" data-copy={id} data-done={t('common.copied')}>
        {t('common.copy')}
      </button>
    </div>
  );
}

/** A value to type into an app's settings, with a Copy button. */
function Value({
  id,
  label,
  value,
  t,
}: {
  id: string;
  label: string;
  value: string;
  t: Translate;
}) {
  return (
    <>
      <label for={id}>{label}</label>
      <div class="copy">
        <input type="text" id={id} value={value} readonly />
        <button type="button" data-copy={id} data-done={t('common.copied')}>
          {t('common.copy')}
        </button>
      </div>
    </>
  );
}

function Example(props: { title: string; open?: boolean; children: Child }) {
  return (
    <details class="example" open={props.open}>
      <summary>{props.title}</summary>
      <div class="stack">{props.children}</div>
    </details>
  );
}

type Examples = ReturnType<typeof intakeExamples>;

function NtfyExample({ x, fresh, t }: { x: Examples; fresh: boolean; t: Translate }) {
  return (
    <Example title={kindLabel(t, 'ntfy')} open={fresh}>
      <p>{t('intake.ntfyCurl')}</p>
      <Code id="example-ntfy" code={x.ntfyCurl} t={t} />
      <p>{withCode(t('intake.ntfyApps'))}</p>
      <Value id="example-ntfy-server" label={t('intake.serverUrl')} value={x.ntfyServer} t={t} />
      <p>{t('intake.ntfyCli')}</p>
      <Code id="example-ntfy-cli" code={x.ntfyCli} t={t} />
    </Example>
  );
}

function AndroidExample({ x, t }: { x: Examples; t: Translate }) {
  return (
    <Example title={t('intake.android')}>
      <p>{withCode(t('intake.androidForwarder'))}</p>
      <Value id="example-android-url" label={t('intake.webhookUrl')} value={x.androidUrl} t={t} />
      <Value id="example-android-header" label="Authorization" value={x.iosHeader} t={t} />
      <p>{t('intake.androidSms')}</p>
      <Value id="example-sms-url" label={t('intake.webhookUrl')} value={x.smsUrl} t={t} />
      <Code id="example-sms-headers" code={x.smsHeaders} t={t} />
      <Code id="example-sms-payload" code={x.smsPayload} t={t} />
      <p>{t('intake.androidTry')}</p>
      <Code id="example-android" code={x.androidCurl} t={t} />
    </Example>
  );
}

function IosExample({ x, t }: { x: Examples; t: Translate }) {
  return (
    <Example title={t('intake.ios')}>
      <ol class="steps">
        <li>{t('intake.ios1')}</li>
        <li>
          {t('intake.ios2')}
          <Value id="example-ios-url" label="URL" value={x.iosUrl} t={t} />
        </li>
        <li>
          {withCode(t('intake.ios3'))}
          <Value id="example-ios-header" label="Authorization" value={x.iosHeader} t={t} />
        </li>
        <li>{withCode(t('intake.ios4'))}</li>
        <li>{t('intake.ios5')}</li>
      </ol>
    </Example>
  );
}

/** Copy-ready examples per sender, filled with the instance's URL and `token`. */
function IntakeExamples({
  base,
  token,
  fresh,
  t,
}: {
  base: string;
  token: string;
  fresh: boolean;
  t: Translate;
}) {
  const x = intakeExamples(base, token);
  return (
    <>
      <h3>{t('intake.examples')}</h3>
      <p class="help">{fresh ? t('intake.examplesFilled') : t('intake.examplesPlaceholder')}</p>
      <NtfyExample x={x} fresh={fresh} t={t} />
      <Example title={kindLabel(t, 'gotify')}>
        <Code id="example-gotify" code={x.gotifyCurl} t={t} />
        <p>{t('intake.gotifyApps')}</p>
        <Value
          id="example-gotify-server"
          label={t('intake.serverUrl')}
          value={x.gotifyServer}
          t={t}
        />
      </Example>
      <Example title={kindLabel(t, 'pushover')}>
        <p>{t('intake.pushover')}</p>
        <Code id="example-pushover" code={x.pushoverCurl} t={t} />
      </Example>
      <AndroidExample x={x} t={t} />
      <IosExample x={x} t={t} />
    </>
  );
}

/** The token just created, shown this once with a Copy button. */
function NewToken({ token, t }: { token: string; t: Translate }) {
  return (
    <div class="notice">
      <p>{t('intake.created')}</p>
      <div class="copy">
        <input
          type="text"
          id="new-intake-token"
          value={token}
          readonly
          aria-label={t('intake.token')}
        />
        <button type="button" data-copy="new-intake-token" data-done={t('common.copied')}>
          {t('common.copy')}
        </button>
      </div>
    </div>
  );
}

function TokenRow(props: {
  tok: IntakeTokenView;
  t: Translate;
  csrf: string;
  tz: string;
  lang: string;
}) {
  const { tok, t } = props;
  return (
    <li class="item token">
      <div>
        <div class="source-name">{tok.label ?? tok.hint}</div>
        <div class="muted small">
          <code>{tok.hint}</code>
          {' · '}
          {t('settings.lastUsed', {
            when: tok.lastUsedAt
              ? formatDate(tok.lastUsedAt, props.tz, props.lang)
              : t('common.never'),
          })}
        </div>
      </div>
      <form method="post" action={`/sources/social/tokens/${tok.id}/revoke`} class="inline">
        <Csrf token={props.csrf} />
        <button
          type="submit"
          class="danger"
          aria-label={`${t('settings.tokenRevoke')}: ${tok.label ?? tok.hint}`}
        >
          {t('settings.tokenRevoke')}
        </button>
      </form>
    </li>
  );
}

function CreateTokenForm({ t, csrf }: { t: Translate; csrf: string }) {
  return (
    <LabelCreateForm
      action="/sources/social/tokens"
      csrf={csrf}
      id="intake-label"
      label={t('intake.label')}
      maxlength={100}
      placeholder={t('intake.labelPlaceholder')}
      submit={t('intake.create')}
    />
  );
}

/** Intake tokens and the examples; `token` is the one just created (shown this once). */
export function IntakeSection(props: {
  t: Translate;
  csrf: string;
  baseUrl: string;
  tokens: IntakeTokenView[];
  token: string | null;
  tz: string;
  lang: string;
  children?: Child;
}) {
  const { t } = props;
  return (
    <section class="card" id="intake" aria-labelledby="intake-title">
      <h2 id="intake-title">{t('intake.title')}</h2>
      <p class="help">{t('intake.intro')}</p>
      {props.token ? <NewToken token={props.token} t={t} /> : null}
      {props.tokens.length ? (
        <ul class="items" aria-label={t('intake.tokens')}>
          {props.tokens.map((tok) => (
            <TokenRow tok={tok} t={t} csrf={props.csrf} tz={props.tz} lang={props.lang} />
          ))}
        </ul>
      ) : (
        <p class="muted small">{t('intake.noTokens')}</p>
      )}
      <CreateTokenForm t={t} csrf={props.csrf} />
      <IntakeExamples
        base={props.baseUrl}
        token={props.token ?? t('intake.placeholder')}
        fresh={props.token !== null}
        t={t}
      />
      {props.children}
    </section>
  );
}

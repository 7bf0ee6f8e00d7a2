import type { Context, Hono } from 'hono';
import { CheckpointError } from '../../../domain/errors.ts';
import type { App } from '../../../services/app.ts';
import { testImapConnection, updateImapSettings } from '../../../services/mail/imap-sources.ts';
import {
  createMailAddress,
  listMailAddressViews,
  removeMailAddress,
  updateMailAddress,
} from '../../../services/mail/mail-addresses.ts';
import {
  connectMailboxNow,
  listMailboxes,
  type MailboxView,
} from '../../../services/mail/mailboxes.ts';
import { listSenders } from '../../../services/mail/senders.ts';
import { listUnsubscribeViews, unsubscribeItem } from '../../../services/mail/unsubscribe.ts';
import { wantsJson } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { redirectWithFlash, takeFlash } from '../flash.ts';
import type { Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Notice } from '../layout.tsx';
import { mailboxInput, mailboxPatch } from './mailbox-input.ts';
import {
  errorOutcome,
  MailboxForm,
  type MailboxPrefill,
  MailboxSettings,
  type TestOutcome,
  testOutcome,
} from './newsletter-mailbox.tsx';
import { AddressesSection, SendersSection } from './newsletter-senders.tsx';
import { SourceRow } from './source-row.tsx';
import { renderSourcesTab } from './source-tabs.tsx';

const HERE = '/sources/newsletters';

interface PageExtra {
  notice?: string | null;
  error?: string | null;
  prefill?: MailboxPrefill | null;
  outcome?: TestOutcome | null;
}

/** The notice of an unsubscribe attempt named in the query (`?unsubscribed=<id>`). */
async function unsubscribeNotice(
  app: App,
  userId: number,
  id: string | undefined,
  t: Translate,
): Promise<{ notice?: string; error?: string }> {
  if (!id || !/^\d+$/.test(id)) return {};
  const attempt = (await listUnsubscribeViews(app, userId)).find((a) => a.id === Number(id));
  if (!attempt) return {};
  const sender = attempt.sender;
  if (attempt.status === 'done')
    return {
      notice: t(attempt.method === 'mailto' ? 'senders.mailSent' : 'senders.doneNotice', {
        sender,
      }),
    };
  if (attempt.status === 'failed')
    return { error: t('senders.failedNotice', { sender, detail: attempt.detail ?? '' }) };
  return { notice: t('senders.offeredNotice', { sender, target: attempt.target }) };
}

/** The Newsletters tab: connect a mailbox, own addresses, connected mailboxes, senders. */
async function page(c: Context<UiEnv>, app: App, extra: PageExtra = {}) {
  const t = c.get('t');
  const user = c.get('user');
  const csrf = c.get('csrf');
  const lang = c.get('lang');
  const mailboxes = await listMailboxes(app, user.id);
  const addresses = await listMailAddressViews(app, user.id);
  const senders = await listSenders(app, user.id);
  const fromQuery = await unsubscribeNotice(app, user.id, c.req.query('unsubscribed'), t);
  const flash = takeFlash(c);
  const error = extra.error ?? flash.error ?? fromQuery.error ?? null;
  return renderSourcesTab(
    c,
    'newsletters',
    { lead: t('newsletters.lead'), error: !!extra.error || extra.outcome?.ok === false },
    <>
      <Notice text={extra.notice ?? flash.notice ?? fromQuery.notice} />
      <Notice text={error} error />
      <div class="cards">
        <MailboxForm
          t={t}
          csrf={csrf}
          prefill={extra.prefill ?? null}
          outcome={extra.outcome ?? null}
        />
        <AddressesSection
          t={t}
          csrf={csrf}
          domain={app.config.mailDomain}
          listening={app.config.smtpPort !== null}
          addresses={addresses}
          tz={user.tz}
          lang={lang}
        />
      </div>
      <Mailboxes c={c} mailboxes={mailboxes} />
      <SendersSection
        t={t}
        csrf={csrf}
        senders={senders}
        canMail={app.config.smtpUrl !== null}
        tz={user.tz}
        lang={lang}
      />
    </>,
  );
}

/** The connected mailboxes, each with its settings under its source row. */
function Mailboxes(props: { c: Context<UiEnv>; mailboxes: MailboxView[] }) {
  const { c } = props;
  const t = c.get('t');
  const csrf = c.get('csrf');
  if (!props.mailboxes.length) return null;
  return (
    <section aria-labelledby="mailboxes-title">
      <h2 id="mailboxes-title">{t('mailbox.connected')}</h2>
      <ul class="items" aria-labelledby="mailboxes-title">
        {props.mailboxes.map(({ source, settings }) => (
          <SourceRow
            s={source}
            t={t}
            csrf={csrf}
            tz={c.get('user').tz}
            lang={c.get('lang')}
            back={HERE}
          >
            {settings ? (
              <MailboxSettings
                id={source.id}
                view={settings}
                t={t}
                csrf={csrf}
                lastError={source.lastError}
              />
            ) : null}
          </SourceRow>
        ))}
      </ul>
    </section>
  );
}

/**
 * A failed action on a named row: `not_found` stays a 404, other domain errors a notice on the
 * page (a row's form has nothing typed worth keeping, and its address has no page).
 */
function rowFailure(c: Context<UiEnv>, error: unknown) {
  if (!(error instanceof CheckpointError) || error.code === 'not_found') throw error;
  return redirectWithFlash(c, HERE, { error: errorText(c.get('t'), error) });
}

/** Done: back to the tab (303) with what to say once. */
const done = (c: Context<UiEnv>, notice: string) => redirectWithFlash(c, HERE, { notice });

// "Test connection": JSON for the client script, the page with the result without it.
async function testMailbox(c: Context<UiEnv>, app: App) {
  const input = mailboxInput(await c.req.parseBody());
  const outcome = testOutcome(
    await testImapConnection(app, input),
    input.folder ?? 'INBOX',
    c.get('t'),
  );
  if (wantsJson(c)) return c.json(outcome);
  const { password: _password, ...prefill } = input;
  return page(c, app, { prefill, outcome });
}

async function connectMailbox(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const input = mailboxInput(await c.req.parseBody());
  const { password: _password, ...prefill } = input;
  try {
    const { source, itemsAdded } = await connectMailboxNow(app, c.get('user').id, input);
    return done(c, t('mailbox.added', { name: source.name, count: itemsAdded }));
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    if (error.code.startsWith('imap_'))
      return page(c, app, { prefill, outcome: errorOutcome(error, t) });
    return page(c, app, { prefill, error: errorText(t, error) });
  }
}

async function saveMailbox(c: Context<UiEnv>, app: App) {
  const patch = mailboxPatch(await c.req.parseBody());
  try {
    await updateImapSettings(app, c.get('user').id, Number(c.req.param('id')), patch);
  } catch (error) {
    return rowFailure(c, error);
  }
  return done(c, c.get('t')('settings.saved'));
}

async function createAddress(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const body = await c.req.parseBody();
  try {
    const created = await createMailAddress(app, c.get('user').id, {
      label: typeof body.label === 'string' ? body.label : null,
    });
    return done(c, t('addresses.createdNotice', { address: created.address ?? '' }));
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    if (error.code === 'mail_domain_unset')
      return page(c, app, { error: t('addresses.unsetError') });
    return page(c, app, { error: errorText(t, error) });
  }
}

async function saveAddress(c: Context<UiEnv>, app: App) {
  const body = await c.req.parseBody();
  try {
    await updateMailAddress(app, c.get('user').id, Number(c.req.param('id')), {
      label: typeof body.label === 'string' ? body.label : null,
      remoteImages: body.remoteImages === 'show' ? 'show' : 'block',
    });
  } catch (error) {
    return rowFailure(c, error);
  }
  return done(c, c.get('t')('settings.saved'));
}

async function removeAddress(c: Context<UiEnv>, app: App) {
  const removed = await removeMailAddress(app, c.get('user').id, Number(c.req.param('id')));
  return done(
    c,
    c.get('t')('addresses.removed', { address: removed.address ?? removed.localPart }),
  );
}

async function unsubscribe(c: Context<UiEnv>, app: App) {
  const body = await c.req.parseBody();
  try {
    const attempt = await unsubscribeItem(app, c.get('user').id, Number(c.req.param('item')), {
      prefer: body.method === 'mailto' ? 'mailto' : 'auto',
    });
    return c.redirect(`${HERE}?unsubscribed=${attempt.id}#senders`, 303);
  } catch (error) {
    return rowFailure(c, error);
  }
}

/**
 * `/sources/newsletters`: connect a mailbox (with "Test connection"), own addresses, and the
 * senders of held newsletters with SPF/DKIM/DMARC and unsubscribe.
 */
export function newsletterPages(router: Hono<UiEnv>, app: App): void {
  router.get(HERE, (c) => page(c, app));
  router.post(`${HERE}/test`, (c) => testMailbox(c, app));
  router.post(`${HERE}/imap`, (c) => connectMailbox(c, app));
  router.post(`${HERE}/imap/:id{[0-9]+}`, (c) => saveMailbox(c, app));
  router.post(`${HERE}/addresses`, (c) => createAddress(c, app));
  router.post(`${HERE}/addresses/:id{[0-9]+}`, (c) => saveAddress(c, app));
  router.post(`${HERE}/addresses/:id{[0-9]+}/remove`, (c) => removeAddress(c, app));
  router.post(`${HERE}/unsubscribe/:item{[0-9]+}`, (c) => unsubscribe(c, app));
}

import type { Context, Hono } from 'hono';
import { findSource, listSources } from '../../../db/repos/sources.ts';
import type { SourceRow as SourceDbRow } from '../../../db/schema.ts';
import { CheckpointError } from '../../../domain/errors.ts';
import type { App } from '../../../services/app.ts';
import {
  addImapSource,
  type ImapSettingsView,
  testImapConnection,
  toImapSettingsView,
  updateImapSettings,
} from '../../../services/mail/imap-sources.ts';
import {
  createMailAddress,
  listMailAddressViews,
  removeMailAddress,
  updateMailAddress,
} from '../../../services/mail/mail-addresses.ts';
import { listSenders } from '../../../services/mail/senders.ts';
import { listUnsubscribeViews, unsubscribeItem } from '../../../services/mail/unsubscribe.ts';
import { refreshSource } from '../../../services/sources/refresh.ts';
import { toSourceView } from '../../../services/sources/sources.ts';
import { wantsJson } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Notice } from '../layout.tsx';
import {
  errorOutcome,
  MailboxForm,
  type MailboxPrefill,
  MailboxSettings,
  mailboxInput,
  mailboxPatch,
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

function settingsOf(row: SourceDbRow): ImapSettingsView | null {
  try {
    return toImapSettingsView(row);
  } catch {
    return null; // a broken config shows as the source's error; the row stays removable
  }
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

/**
 * `/sources/newsletters`: connect a mailbox (with "Test connection"), own addresses, and the
 * senders of held newsletters with SPF/DKIM/DMARC and unsubscribe.
 */
export function newsletterPages(router: Hono<UiEnv>, app: App): void {
  const page = async (c: Context<UiEnv>, extra: PageExtra = {}) => {
    const t = c.get('t');
    const user = c.get('user');
    const csrf = c.get('csrf');
    const lang = c.get('lang');
    const mailboxes = (await listSources(app.db.kysely, user.id)).filter((s) => s.kind === 'imap');
    const addresses = await listMailAddressViews(app, user.id);
    const senders = await listSenders(app, user.id);
    const fromQuery = await unsubscribeNotice(app, user.id, c.req.query('unsubscribed'), t);
    const error = extra.error ?? fromQuery.error ?? null;
    return renderSourcesTab(
      c,
      'newsletters',
      { lead: t('newsletters.lead'), error: !!extra.error || extra.outcome?.ok === false },
      <>
        <Notice text={extra.notice ?? fromQuery.notice} />
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
        {mailboxes.length ? (
          <section aria-labelledby="mailboxes-title">
            <h2 id="mailboxes-title">{t('mailbox.connected')}</h2>
            <ul class="items" aria-labelledby="mailboxes-title">
              {mailboxes.map((row) => {
                const view = settingsOf(row);
                return (
                  <SourceRow
                    s={toSourceView(row)}
                    t={t}
                    csrf={csrf}
                    tz={user.tz}
                    lang={lang}
                    back={HERE}
                  >
                    {view ? <MailboxSettings id={row.id} view={view} t={t} csrf={csrf} /> : null}
                  </SourceRow>
                );
              })}
            </ul>
          </section>
        ) : null}
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
  };

  router.get(HERE, (c) => page(c));

  // "Test connection": JSON for the client script, the page with the result without it.
  router.post(`${HERE}/test`, async (c) => {
    const input = mailboxInput(await c.req.parseBody());
    const outcome = testOutcome(
      await testImapConnection(app, input),
      input.folder ?? 'INBOX',
      c.get('t'),
    );
    if (wantsJson(c)) return c.json(outcome);
    const { password: _password, ...prefill } = input;
    return page(c, { prefill, outcome });
  });

  router.post(`${HERE}/imap`, async (c) => {
    const t = c.get('t');
    const user = c.get('user');
    const input = mailboxInput(await c.req.parseBody());
    const { password: _password, ...prefill } = input;
    try {
      const source = await addImapSource(app, user.id, input);
      const row = await findSource(app.db.kysely, user.id, source.id);
      const fetched = row ? await refreshSource(app, row) : null;
      return page(c, {
        notice: t('mailbox.added', { name: source.name, count: fetched?.inserted.length ?? 0 }),
      });
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      if (error.code.startsWith('imap_'))
        return page(c, { prefill, outcome: errorOutcome(error, t) });
      return page(c, { prefill, error: errorText(c.get('t'), error) });
    }
  });

  router.post(`${HERE}/imap/:id{[0-9]+}`, async (c) => {
    const patch = mailboxPatch(await c.req.parseBody());
    try {
      await updateImapSettings(app, c.get('user').id, Number(c.req.param('id')), patch);
    } catch (error) {
      if (!(error instanceof CheckpointError) || error.code === 'not_found') throw error;
      return page(c, { error: errorText(c.get('t'), error) });
    }
    return page(c, { notice: c.get('t')('settings.saved') });
  });

  router.post(`${HERE}/addresses`, async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    try {
      const created = await createMailAddress(app, c.get('user').id, {
        label: typeof body.label === 'string' ? body.label : null,
      });
      return page(c, { notice: t('addresses.createdNotice', { address: created.address ?? '' }) });
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      if (error.code === 'mail_domain_unset') return page(c, { error: t('addresses.unsetError') });
      return page(c, { error: errorText(c.get('t'), error) });
    }
  });

  router.post(`${HERE}/addresses/:id{[0-9]+}`, async (c) => {
    const body = await c.req.parseBody();
    try {
      await updateMailAddress(app, c.get('user').id, Number(c.req.param('id')), {
        label: typeof body.label === 'string' ? body.label : null,
        remoteImages: body.remoteImages === 'show' ? 'show' : 'block',
      });
    } catch (error) {
      if (!(error instanceof CheckpointError) || error.code === 'not_found') throw error;
      return page(c, { error: errorText(c.get('t'), error) });
    }
    return page(c, { notice: c.get('t')('settings.saved') });
  });

  router.post(`${HERE}/addresses/:id{[0-9]+}/remove`, async (c) => {
    const removed = await removeMailAddress(app, c.get('user').id, Number(c.req.param('id')));
    return page(c, {
      notice: c.get('t')('addresses.removed', { address: removed.address ?? removed.localPart }),
    });
  });

  router.post(`${HERE}/unsubscribe/:item{[0-9]+}`, async (c) => {
    const body = await c.req.parseBody();
    try {
      const attempt = await unsubscribeItem(app, c.get('user').id, Number(c.req.param('item')), {
        prefer: body.method === 'mailto' ? 'mailto' : 'auto',
      });
      return c.redirect(`${HERE}?unsubscribed=${attempt.id}#senders`, 303);
    } catch (error) {
      if (!(error instanceof CheckpointError) || error.code === 'not_found') throw error;
      return page(c, { error: errorText(c.get('t'), error) });
    }
  });
}

import type { Command } from 'commander';
import { CheckpointError } from '../../domain/errors.ts';
import {
  createMailAddress,
  listMailAddressViews,
  removeMailAddress,
} from '../../services/mail/mail-addresses.ts';
import { getMailDetails, listSenders } from '../../services/mail/senders.ts';
import { unsubscribeItem } from '../../services/mail/unsubscribe.ts';
import { type GlobalOptions, out, parseId, withApp } from '../context.ts';
import { imapSourceCommands } from './mail-sources.ts';

/**
 * Newsletters by mail: `source add-imap|set-imap`, `address create|list|remove`, `senders`,
 * `unsubscribe <item-id>` and `mail show <item-id>`.
 */
export function mailCommands(program: Command): void {
  imapSourceCommands(program);
  addressCommands(program);
  sendersCommand(program);
  unsubscribeCommand(program);
  mailShowCommand(program);
}

function sendersCommand(program: Command): void {
  program
    .command('senders')
    .description('newsletter senders, with unsubscribe options and SPF/DKIM/DMARC results')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const senders = await listSenders(app, user.id);
        if (options.json) {
          out.json(senders);
          return;
        }
        if (senders.length === 0) out.info('No newsletters yet.');
        for (const s of senders) {
          const how = s.unsubscribe?.oneClick ? 'one-click' : s.unsubscribe ? 'link' : 'none';
          out.line(
            `${s.sender}  ×${s.count}  last ${s.lastReceivedAt.slice(0, 10)}  unsubscribe: ${how}`,
          );
          if (s.auth) out.line(`    ${s.auth.summary}`);
          if (s.lastUnsubscribe)
            out.line(
              `    unsubscribe ${s.lastUnsubscribe.status} (${s.lastUnsubscribe.method}) ${s.lastUnsubscribe.at.slice(0, 10)}`,
            );
          out.line(`    latest item ${s.latestItemId}: ${s.latestTitle ?? '(no subject)'}`);
        }
      });
    });
}

function unsubscribeCommand(program: Command): void {
  program
    .command('unsubscribe <item-id>')
    .description('unsubscribe from the sender of a newsletter (RFC 8058 one-click when offered)')
    .option('--mailto', 'send the mailto: request through CHECKPOINT_SMTP_URL instead')
    .option('--json', 'print the recorded result as JSON')
    .action(async (itemId: string, options: { mailto?: boolean; json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const result = await unsubscribeItem(app, user.id, parseId(itemId, 'item-id'), {
          prefer: options.mailto ? 'mailto' : 'auto',
        });
        if (options.json) out.json(result);
        else if (result.status === 'done')
          out.info(`Unsubscribed from ${result.sender} (${result.method}).`);
        else if (result.status === 'offered') {
          out.line(result.target);
          out.info(result.detail ?? 'Open this to unsubscribe.');
        }
        if (result.status === 'failed') {
          throw new CheckpointError('unsubscribe_failed', result.detail ?? 'unsubscribe: failed');
        }
      });
    });
}

function mailShowCommand(program: Command): void {
  program
    .command('mail')
    .description('mail details of held newsletters')
    .command('show <item-id>')
    .description('sender, list headers, unsubscribe options and SPF/DKIM/DMARC of one item')
    .option('--json', 'print JSON')
    .action(async (itemId: string, options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const mail = await getMailDetails(app, user.id, parseId(itemId, 'item-id'));
        if (options.json) {
          out.json(mail);
          return;
        }
        out.line(`From: ${mail.from?.name ?? ''} <${mail.from?.address ?? ''}>`);
        out.line(`Subject: ${mail.title ?? ''}`);
        if (mail.listId) out.line(`List-Id: ${mail.listId}`);
        out.line(`Authentication: ${mail.auth?.summary ?? 'not checked (fetched over IMAP)'}`);
        const u = mail.unsubscribe;
        out.line(
          `Unsubscribe: ${u ? [...u.web, ...u.mailto].join(' ') + (u.oneClick ? ' (one-click)' : '') : 'none offered'}`,
        );
      });
    });
}

function addressCommands(program: Command): void {
  const address = program
    .command('address')
    .description('own addresses to subscribe newsletters with');
  address
    .command('create')
    .description('make a new address <random>@CHECKPOINT_MAIL_DOMAIN')
    .option('--label <label>', 'what it is for, e.g. the newsletter name')
    .option('--json', 'print JSON ({"address": "…"})')
    .action(async (options: { label?: string; json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const created = await createMailAddress(app, user.id, { label: options.label ?? null });
        // Exactly {"address"} (DESIGN.md, issue 5), as `token create --json` prints {"token"}:
        // scripts read the one value; `address list --json` has the whole record.
        if (options.json) out.json({ address: created.address });
        else out.line(created.address ?? created.localPart);
      });
    });
  address
    .command('list')
    .description('list your addresses')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const list = await listMailAddressViews(app, user.id);
        if (options.json) {
          out.json(list);
          return;
        }
        if (list.length === 0)
          out.info('No addresses yet: `checkpoint address create --label NAME`.');
        for (const a of list)
          out.line(
            `${String(a.id).padStart(4)}  ${a.address ?? `${a.localPart}@?`}  ${a.label ?? ''}`,
          );
      });
    });
  address
    .command('remove <address-or-id>')
    .description('stop accepting mail for an address (what arrived stays, its source is paused)')
    .action(async (key: string) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const removed = await removeMailAddress(app, user.id, key);
        out.info(
          `Removed ${removed.address ?? removed.localPart}; source ${removed.sourceId} keeps its items.`,
        );
      });
    });
}

import { isIP } from 'node:net';
import { type Channel, type ChannelDeps, channelSpec } from '../channels/registry.ts';
import { CheckpointError } from '../domain/errors.ts';
import type { Mail, Notice } from '../domain/notice.ts';
import type { App } from '../services/app.ts';
import type { Notifier } from '../services/notifier-port.ts';
import { digestMail } from './digest-mail.ts';
import { createMailer, type Mailer } from './email.ts';
import { webPushDeps } from './webpush.ts';

/** `Checkpoint <checkpoint@host>` for the base URL's host name. */
function senderOf(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  // An IP literal is not a mail domain (it would need brackets, and relays refuse it).
  const domain = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(host) && !isIP(host) ? host : 'localhost';
  return `Checkpoint <checkpoint@${domain}>`;
}

/**
 * The outbound channels of an App: ntfy publishes and Web Push through the safe fetcher,
 * e-mail over CHECKPOINT_SMTP_URL (its host checked by the SSRF guard). Each notice goes to
 * its channel's `send` (src/channels), with what the channels need from this process.
 *
 * @example const app = await openApp(config, { notifier: createNotifier });
 */
export function createNotifier(app: App): Notifier {
  let mailer: Mailer | undefined;
  const mail = (): Mailer => {
    if (!app.config.smtpUrl) {
      throw new CheckpointError('delivery_failed', 'email: set CHECKPOINT_SMTP_URL to send e-mail');
    }
    mailer ??= createMailer(
      app.config.smtpUrl,
      senderOf(app.config.baseUrl),
      app.config.allowNetworks,
    );
    return mailer;
  };
  const deps: ChannelDeps = { ...webPushDeps(app), mailer: mail };
  return {
    async send(userId: number, channel: Channel, notice: Notice) {
      await channelSpec(channel).send(deps, userId, channel, notice);
    },
    async sendDigest(to, notice, checkpoint, items) {
      await mail().send(digestMail(to, notice, checkpoint, items, app.config.baseUrl));
    },
    async sendMail(message: Mail) {
      await mail().send(message);
    },
    close() {
      mailer?.close();
    },
  };
}

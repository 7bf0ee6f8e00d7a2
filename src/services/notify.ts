import { type Mailer, createMailer, noticeMail } from '../delivery/email.ts';
import type { Channel, Notice } from '../delivery/notice.ts';
import { sendNtfy } from '../delivery/ntfy.ts';
import { sendWebPush } from '../delivery/webpush.ts';
import { CheckpointError } from '../domain/errors.ts';
import type { App } from './app.ts';

const mailers = new WeakMap<App, Mailer>();

/** The app's mailer, or a clear error when CHECKPOINT_SMTP_URL is not set. */
export function mailerOf(app: App): Mailer {
  let mailer = mailers.get(app);
  if (!mailer) {
    if (!app.config.smtpUrl) {
      throw new CheckpointError('delivery_failed', 'email: set CHECKPOINT_SMTP_URL to send e-mail');
    }
    const host = new URL(app.config.baseUrl).hostname;
    mailer = createMailer(app.config.smtpUrl, `Checkpoint <checkpoint@${host === 'localhost' ? 'localhost' : host}>`, app.config.allowNetworks);
    mailers.set(app, mailer);
  }
  return mailer;
}

/** Sends one notice through one channel; throws a CheckpointError when it could not. */
export async function sendNotice(app: App, userId: number, channel: Channel, notice: Notice): Promise<void> {
  if ('ntfy' in channel) await sendNtfy(app.fetcher, channel.ntfy, notice);
  else if ('email' in channel) await mailerOf(app).send(noticeMail(channel.email, notice));
  else await sendWebPush(app, userId, notice);
}

import type { Channel } from '../channels/registry.ts';
import { CheckpointError } from '../domain/errors.ts';
import type { Mail, Notice } from '../domain/notice.ts';
import type { CheckpointView, DigestItem } from './checkpoints/checkpoints.ts';

/**
 * The port through which use cases send anything outbound (DESIGN.md: services never import
 * delivery). `delivery/channel-notifier.ts` implements it over the channels of `src/channels/`;
 * main.ts, the CLI and the tests plug it into the App.
 */
export interface Notifier {
  /** One notice on one channel; throws a CheckpointError when it could not be sent. */
  send(userId: number, channel: Channel, notice: Notice): Promise<void>;
  /** A checkpoint's digest as an e-mail (HTML and plain text). */
  sendDigest(
    to: string,
    notice: Notice,
    checkpoint: CheckpointView,
    items: DigestItem[],
  ): Promise<void>;
  /** A plain e-mail (e.g. a mailto: unsubscribe). */
  sendMail(mail: Mail): Promise<void>;
  close(): void;
}

const unavailable = () =>
  Promise.reject(
    new CheckpointError(
      'delivery_failed',
      'delivery: this process has no outbound channels configured',
    ),
  );

/** The notifier of an App opened without one (library use, benchmarks): every send fails clearly. */
export const noNotifier: Notifier = {
  send: unavailable,
  sendDigest: unavailable,
  sendMail: unavailable,
  close() {},
};

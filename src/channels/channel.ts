import type { z } from 'zod';
import type { Localised } from '../domain/errors.ts';
import type { Notice } from '../domain/notice.ts';

/** Why a channel cannot work, in English (without a module prefix) and as a catalog message. */
export interface ChannelProblem {
  message: string;
  localised: Localised;
}

/**
 * One outbound channel (DESIGN.md "Layout": one file each). `Target` is where a notice goes
 * as rules (`deliver`) and schedules (`notify`) store it and the API shows it, e.g.
 * `{ ntfy: URL }`; `Deps` is what `send` needs from the process (a fetcher, a mailer …),
 * a small interface the channel's own file defines.
 *
 * Methods (not function properties) so that a spec of one channel is also a spec of the union.
 */
export interface ChannelSpec<Name extends string, Target extends Record<Name, unknown>, Deps> {
  /** The target's one key and the channel's name in logs and the ledger. */
  readonly name: Name;
  /** The one schema of a target, as stored and in the API (strict: one key). */
  readonly schema: z.ZodType<Target>;
  /** The `--notify` token syntax for help texts: `ntfy:URL`. */
  readonly syntax: string;
  /** How a token of this channel starts (`ntfy:`, or the whole word `webpush`). */
  readonly prefix: string;
  /** The target a `--notify` token names, unchecked; null when the token is another channel's. */
  parse(token: string): Target | null;
  /** The `--notify` token of a target (`parse(format(t))` gives `t` back). */
  format(target: Target): string;
  /** How `schedule show` names the target: `ntfy https://…`. */
  label(target: Target): string;
  /** Two targets with the same key would deliver the same notice twice. */
  key(target: Target): string;
  /** Why the target cannot work, or null (checked before it is stored). */
  problem(target: Target): ChannelProblem | null;
  /** Sends one notice; throws a CheckpointError when it could not be sent. */
  send(deps: Deps, userId: number, target: Target, notice: Notice): Promise<void>;
}

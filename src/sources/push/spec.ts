/**
 * The push kinds (ntfy, gotify, pushover, webhook): apps push to Checkpoint's intake in their
 * own protocol (src/intake/), one source per user, kind and channel; nothing is pulled. One
 * folder for the four: their specs differ by name alone (the receivers live in src/intake/).
 */
import { z } from 'zod';
import type { SourceKind } from '../../domain/types.ts';
import { pushedKind } from '../kind.ts';

/** `{intake: kind, channel?}`: the channel is the ntfy topic or the webhook's name. */
export const pushConfigSchema = z.object({
  intake: z.string().optional(),
  channel: z.string().optional(),
});

const push = (
  name: Extract<SourceKind, 'ntfy' | 'gotify' | 'pushover' | 'webhook'>,
  label: string,
) => pushedKind({ name, config: pushConfigSchema, label, icon: name, wouldPush: 'always' });

export const ntfyKind = push('ntfy', 'ntfy');
export const gotifyKind = push('gotify', 'Gotify');
export const pushoverKind = push('pushover', 'Pushover');
export const webhookKind = push('webhook', 'Webhook');

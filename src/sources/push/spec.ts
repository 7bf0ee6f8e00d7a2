/**
 * The push kinds (ntfy, gotify, pushover, webhook): apps push to Checkpoint's intake in their
 * own protocol (src/intake/), one source per user, kind and channel; nothing is pulled.
 */
import { z } from 'zod';
import { CheckpointError } from '../../domain/errors.ts';
import type { SourceKind } from '../../domain/types.ts';
import type { SourceKindSpec } from '../kind.ts';

/** `{intake: kind, channel?}`: the channel is the ntfy topic or the webhook's name. */
export const pushConfigSchema = z.object({
  intake: z.string().optional(),
  channel: z.string().optional(),
});
export type PushConfig = z.infer<typeof pushConfigSchema>;

function pushKind(
  name: Extract<SourceKind, 'ntfy' | 'gotify' | 'pushover' | 'webhook'>,
  label: string,
): SourceKindSpec<PushConfig, Record<string, unknown>> {
  return {
    name,
    config: pushConfigSchema,
    state: z.looseObject({}),
    emptyState: {},
    brokenConfig: (id) =>
      new CheckpointError('invalid_config', `${name}: source ${id} has a broken config`),
    wouldPush: 'always',
    describe: { labelKey: `source.kind.${name}`, label, icon: name, addable: false, pushed: true },
    sharing: 'per-user',
    apiConfig: pushConfigSchema,
  };
}

export const ntfyKind = pushKind('ntfy', 'ntfy');
export const gotifyKind = pushKind('gotify', 'Gotify');
export const pushoverKind = pushKind('pushover', 'Pushover');
export const webhookKind = pushKind('webhook', 'Webhook');

/**
 * The smtp kind: an own address (`<random>@CHECKPOINT_MAIL_DOMAIN`) that newsletters are sent
 * to; the embedded SMTP intake pushes each message in, nothing is pulled.
 */
import { z } from 'zod';
import { CheckpointError } from '../../domain/errors.ts';
import type { SourceKindSpec } from '../kind.ts';
import { remoteImagesField } from '../mail/remote-images.ts';

/** An own address's config: only how its web view treats remote images. */
export const smtpConfigSchema = z.object({ remoteImages: remoteImagesField });
export type SmtpConfig = z.infer<typeof smtpConfigSchema>;

/** The smtp kind's spec. */
export const smtpKind: SourceKindSpec<SmtpConfig, Record<string, unknown>> = {
  name: 'smtp',
  config: smtpConfigSchema,
  state: z.looseObject({}),
  emptyState: {},
  brokenConfig: (id) =>
    new CheckpointError('invalid_config', `smtp: source ${id} has a broken config`),
  wouldPush: 'always',
  describe: {
    labelKey: 'source.kind.smtp',
    label: 'Own address',
    icon: 'mail',
    addable: false,
    pushed: true,
  },
  sharing: 'per-user',
  apiConfig: smtpConfigSchema,
};

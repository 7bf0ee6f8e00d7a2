/**
 * The smtp kind: an own address (`<random>@CHECKPOINT_MAIL_DOMAIN`) that newsletters are sent
 * to; the embedded SMTP intake pushes each message in, nothing is pulled.
 */
import { z } from 'zod';
import { pushedKind } from '../kind.ts';
import { remoteImagesField } from '../mail/remote-images.ts';

/** An own address's config: only how its web view treats remote images. */
export const smtpConfigSchema = z.object({ remoteImages: remoteImagesField });
export type SmtpConfig = z.infer<typeof smtpConfigSchema>;

/** The smtp kind's spec. */
export const smtpKind = pushedKind({
  name: 'smtp',
  config: smtpConfigSchema,
  label: 'Own address',
  icon: 'mail',
  wouldPush: 'always',
});

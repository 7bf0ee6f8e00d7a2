/**
 * The import kind: a platform's data export read as an archive (one source per user and
 * platform). Imported items never would have pushed; nothing is pulled.
 */
import { z } from 'zod';
import { pushedKind } from '../kind.ts';
import { IMPORT_KINDS } from './common.ts';

/** `{platform}`: whose export the archive holds. */
export const importConfigSchema = z.object({ platform: z.enum(IMPORT_KINDS).optional() });

/** The import kind's spec. */
export const importKind = pushedKind({
  name: 'import',
  config: importConfigSchema,
  label: 'Import',
  icon: 'archive',
  wouldPush: 'never',
});

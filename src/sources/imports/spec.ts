/**
 * The import kind: a platform's data export read as an archive (one source per user and
 * platform). Imported items never would have pushed; nothing is pulled.
 */
import { z } from 'zod';
import { CheckpointError } from '../../domain/errors.ts';
import type { SourceKindSpec } from '../kind.ts';
import { IMPORT_KINDS } from './common.ts';

/** `{platform}`: whose export the archive holds. */
export const importConfigSchema = z.object({ platform: z.enum(IMPORT_KINDS).optional() });
export type ImportConfig = z.infer<typeof importConfigSchema>;

/** The import kind's spec. */
export const importKind: SourceKindSpec<ImportConfig, Record<string, unknown>> = {
  name: 'import',
  config: importConfigSchema,
  state: z.looseObject({}),
  emptyState: {},
  brokenConfig: (id) =>
    new CheckpointError('invalid_config', `import: source ${id} has a broken config`),
  wouldPush: 'never',
  describe: {
    labelKey: 'source.kind.import',
    label: 'Import',
    icon: 'archive',
    addable: false,
    pushed: true,
  },
  sharing: 'per-user',
  apiConfig: importConfigSchema,
};

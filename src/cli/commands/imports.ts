import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { importExport } from '../../services/sources/imports.ts';
import { IMPORT_KINDS, type ImportKind } from '../../sources/imports/common.ts';
import { type GlobalOptions, out, UsageError, withApp } from '../context.ts';
import { progressBar } from '../progress.ts';

/** `checkpoint import <file|zip>`: a platform's data export as searchable archive items. */
export function importCommands(program: Command): void {
  program
    .command('import <file>')
    .description(
      'import a data export (ZIP or one file) as archive items; importing twice adds nothing',
    )
    .option('--kind <kind>', `the platform (${IMPORT_KINDS.join(', ')}); sniffed when omitted`)
    .option(
      '--tz <zone>',
      'time zone of the export’s local times, e.g. Europe/Berlin (WhatsApp; default UTC)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { kind?: string; tz?: string; json?: boolean }) => {
      if (options.kind && !(IMPORT_KINDS as readonly string[]).includes(options.kind)) {
        throw new UsageError(
          `--kind must be one of ${IMPORT_KINDS.join(', ')} (got "${options.kind}")`,
        );
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new UsageError(`${file} is not a file`);
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const bars = {
          reading: progressBar('Reading'),
          storing: null as ReturnType<typeof progressBar> | null,
        };
        const result = await importExport(app, user.id, basename(file), createReadStream(file), {
          kind: (options.kind as ImportKind | undefined) ?? null,
          tz: options.tz ?? null,
          size: info.size,
          onProgress(p) {
            if (p.phase === 'reading') {
              bars.reading.update(p.done, p.total ?? p.done);
              return;
            }
            if (!bars.storing) {
              bars.reading.done();
              bars.storing = progressBar('Storing');
            }
            bars.storing.update(p.done, p.total ?? p.done);
          },
        });
        bars.storing?.done();
        if (options.json) {
          out.json(result);
          return;
        }
        out.line(`${result.sourceId}\t${result.sourceName}`);
        out.info(
          `Imported ${result.added} new items (${result.unchanged} already there) from ${result.files.join(', ')}.`,
        );
      });
    });
}

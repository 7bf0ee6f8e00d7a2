import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportOpml, importOpml } from '../../services/sources/opml.ts';
import { type GlobalOptions, out, withApp } from '../context.ts';
import { progressBar } from '../progress.ts';

export function opmlCommands(program: Command): void {
  const opml = program.command('opml').description('import and export OPML subscription lists');
  opml
    .command('import <file>')
    .description('subscribe to every feed of an OPML file (folders become categories)')
    .option('--no-fetch', 'add the feeds without fetching them now')
    .option('--json', 'print {added, skipped, errors} as JSON')
    .action(async (file: string, options: { fetch: boolean; json?: boolean }) => {
      const body = new Uint8Array(await readFile(file));
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const adding = progressBar('Adding  ');
        const fetching = progressBar('Fetching');
        const result = await importOpml(app, user.id, body, {
          fetch: options.fetch,
          onProgress(p) {
            if (p.phase === 'adding') return adding.update(p.done, p.total);
            adding.done(); // the finished bar keeps its line; fetching goes on the next
            fetching.update(p.done, p.total);
          },
        });
        adding.done();
        fetching.done();
        const failed = result.fetched.filter((r) => r.status === 'error' || r.status === 'gone');
        if (options.json) {
          out.json({
            added: result.added,
            skipped: result.skipped,
            errors: result.errors,
            fetchErrors: failed.map((r) => ({
              sourceId: r.sourceId,
              name: r.name,
              error: r.error,
            })),
          });
          return;
        }
        for (const error of result.errors) out.line(error.message);
        for (const r of failed) out.line(`${r.sourceId}\t${r.name}\t${r.error ?? ''}`);
        out.info(
          `${result.added} feeds added, ${result.skipped} already subscribed, ${result.errors.length} lines skipped${options.fetch ? `, ${failed.length} failed to fetch` : ''}.`,
        );
      });
    });
  opml
    .command('export')
    .description('print your feeds as OPML 2.0')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (options: { output?: string }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const xml = await exportOpml(app, user.id);
        if (options.output) await writeFile(options.output, xml);
        else process.stdout.write(xml);
      });
    });
}

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { FeedParseError } from '../../domain/errors.ts';
import { createSafeFetcher } from '../../lib/net/safe-fetch.ts';
import { withDomainErrors } from '../../services/net-errors.ts';
import { previewFeed } from '../../services/sources/feed-preview.ts';
import { FEED_ACCEPT } from '../../sources/feed/fetch.ts';
import { parseFeed } from '../../sources/feed/parse.ts';
import { config, out } from '../context.ts';

async function load(
  input: string,
): Promise<{ body: Uint8Array; contentType: string | null; url: string | null }> {
  if (/^https?:\/\//i.test(input)) {
    const cfg = config();
    const fetcher = withDomainErrors(
      createSafeFetcher({
        allowNetworks: cfg.allowNetworks,
        timeoutMs: cfg.fetch.timeoutMs,
        maxBytes: cfg.fetch.maxBytes,
      }),
    );
    try {
      const response = await fetcher.fetch(input, { headers: { accept: FEED_ACCEPT } });
      if (response.status < 200 || response.status >= 300) {
        throw new FeedParseError(`feed: ${input} answered HTTP ${response.status}`);
      }
      return {
        body: response.body,
        contentType: response.headers.get('content-type'),
        url: response.url,
      };
    } finally {
      await fetcher.close();
    }
  }
  return { body: new Uint8Array(await readFile(input)), contentType: null, url: null };
}

export function feedCommands(program: Command): void {
  const feed = program.command('feed').description('work with feed documents');
  feed
    .command('parse <file-or-url>')
    .description('parse a feed (RSS, RDF, Atom, JSON Feed) and print what Checkpoint reads from it')
    .option('--url <feed-url>', 'the URL the document came from (base for relative links)')
    .option('--json', 'print {format, title, siteUrl, items[]} as JSON')
    .action(async (input: string, options: { url?: string; json?: boolean }) => {
      const loaded = await load(input);
      const parsed = parseFeed(loaded.body, {
        contentType: loaded.contentType,
        url: options.url ?? loaded.url,
      });
      const preview = previewFeed(parsed);
      if (options.json) {
        out.json(preview);
        return;
      }
      out.line(
        `${preview.title ?? '(untitled)'} — ${preview.format}, ${preview.items.length} items`,
      );
      if (preview.siteUrl) out.line(preview.siteUrl);
      for (const item of preview.items) {
        out.line(`\n• ${item.title ?? '(no title)'}`);
        const meta = [item.publishedAt, item.author].filter(Boolean).join(' · ');
        if (meta) out.line(`  ${meta}`);
        if (item.url) out.line(`  ${item.url}`);
      }
    });
}

/**
 * Runs every benchmark and writes bench/RESULTS.md. Each benchmark runs in a fresh process
 * (`--only NAME`), so that one's heap and threads never slow the next one down, from a bundle
 * of this file built as the `checkpoint` command is (bin/bundle.js): what is measured is the
 * code as it runs in production, not through tsx's loader.
 * Usage: `npm run bench` (node --expose-gc --import tsx bench/run.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundleEntries, freshBundle } from '../bin/bundle.js';

const benches: Record<string, () => Promise<{ default: () => Promise<string> }>> = {
  parse: async () => ({ default: (await import('./parse.ts')).benchParse }),
  ingest: async () => ({ default: (await import('./ingest.ts')).benchIngest }),
  refresh: async () => ({ default: (await import('./refresh.ts')).benchRefresh }),
  intake: async () => ({ default: (await import('./intake.ts')).benchIntake }),
  scale: async () => ({ default: (await import('./scale.ts')).benchScale }),
  nesting: async () => ({ default: (await import('./nesting.ts')).benchNesting }),
};

const MARKER = '\n<<<section>>>\n';

const only = process.argv.indexOf('--only');
if (only !== -1) {
  const name = process.argv[only + 1]!;
  const load = benches[name];
  if (!load)
    throw new Error(`unknown benchmark ${name}; one of ${Object.keys(benches).join(', ')}`);
  const section = await (await load()).default();
  process.stdout.write(`${MARKER}${JSON.stringify(section)}\n`);
} else {
  await freshBundle(); // the prepare worker thread is the command's own bundle
  const outdir = fileURLToPath(new URL('../dist/bench', import.meta.url));
  await bundleEntries({ run: fileURLToPath(import.meta.url) }, outdir);
  const sections: string[] = [];
  for (const name of Object.keys(benches)) {
    // The previous benchmark's files are written back to disk now, not during this one.
    execFileSync('sync');
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', `${outdir}/run.js`, '--only', name], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        out += text;
        // Figures appear as they are measured; the section itself is parsed at the end.
        const before = out.length - text.length;
        const marker = out.indexOf(MARKER);
        if (marker === -1) process.stdout.write(text);
        else if (marker > before) process.stdout.write(text.slice(0, marker - before));
      });
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`benchmark ${name} exited with ${code}`)),
      );
    });
    sections.push(JSON.parse(output.slice(output.indexOf(MARKER) + MARKER.length)) as string);
  }
  const machine = [
    '# Benchmark results',
    '',
    `- machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`,
    `- Node ${process.version}`,
    `- date: ${new Date().toISOString()}`,
    `- load average when done: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    '- each benchmark ran in a fresh process',
  ].join('\n');
  await writeFile(
    new URL('./RESULTS.md', import.meta.url),
    `${machine}\n\n${sections.join('\n\n')}\n`,
  );
}

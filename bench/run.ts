/**
 * Runs every benchmark in one process and writes bench/RESULTS.md.
 * Usage: `npm run bench` (node --expose-gc --import tsx bench/run.ts).
 */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { benchIngest } from './ingest.ts';
import { benchIntake } from './intake.ts';
import { benchParse } from './parse.ts';
import { benchRefresh } from './refresh.ts';

const benches: (() => Promise<string>)[] = [benchParse, benchIngest, benchRefresh, benchIntake];

const machine = [
  '# Benchmark results',
  '',
  `- machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`,
  `- Node ${process.version}`,
  `- date: ${new Date().toISOString()}`,
].join('\n');

const sections: string[] = [];
for (const bench of benches) sections.push(await bench());
await writeFile(
  new URL('./RESULTS.md', import.meta.url),
  `${machine}\n\n${sections.join('\n\n')}\n`,
);

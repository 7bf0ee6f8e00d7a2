import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ExportFile } from '../../src/sources/imports/common.ts';

const ROOT = new URL('../fixtures/imports/', import.meta.url).pathname;

/** The files of a sample export folder in test/fixtures/imports, paths relative to it (as in its ZIP). */
export function exportFiles(folder: string): ExportFile[] {
  const out: ExportFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ path: relative(join(ROOT, folder), path), data: readFileSync(path) });
    }
  };
  walk(join(ROOT, folder));
  return out;
}

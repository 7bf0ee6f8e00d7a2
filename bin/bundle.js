// Builds the `checkpoint` command from src/ into dist/ with esbuild, and rebuilds it when a
// source file is newer than the build. `npm install` runs it (the `prepare` script); the
// command runs it before each start, where it costs a few milliseconds of stat calls.
//
// Why a bundle and not tsx at run time: on Node 20 tsx's loader hooks run on a thread of their
// own and every module goes through them, so a CLI command started in ~2 s and the server
// carried ~50 MB more memory (measured: 164 MB vs 113 MB resident after loading the app).
import { readdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = `${root}src`;
const dist = `${root}dist`;
const ENTRIES = {
  checkpoint: `${src}/cli/main.ts`,
  'prepare-worker': `${src}/pipeline/prepare-worker.ts`,
};
const outputs = Object.keys(ENTRIES).map((name) => `${dist}/${name}.js`);

/** The newest modification time (ms) of any file under `dir`. */
function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    const time = entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
    if (time > max) max = time;
  }
  return max;
}

function builtAt() {
  try {
    return Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  } catch {
    return 0;
  }
}

/**
 * Source files find their assets next to themselves (`new URL('./assets/…', import.meta.url)`):
 * inside the bundle each keeps its own file URL, so those paths mean what they say.
 */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.(?:tsx?|js)$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      const contents = text.includes('import.meta.url')
        ? text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        : text;
      return { contents, loader: /** @type {'ts' | 'tsx' | 'js'} */ (args.path.split('.').pop()) };
    });
  },
};

/**
 * Bundles `entries` ({ name: source path }) into `outdir` as ESM for Node 20, our modules
 * inlined and packages left to node_modules. Each file is written aside, then renamed into
 * place: a running command never reads half a file.
 */
export async function bundleEntries(entries, outdir) {
  const { build } = await import('esbuild');
  const suffix = `.${process.pid}.tmp`;
  await build({
    entryPoints: entries,
    outdir,
    outExtension: { '.js': `.js${suffix}` },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    // No source maps: names are kept (nothing is minified), which is what a stack trace needs.
    logLevel: 'warning',
    define: {
      // The worker thread's entry is the bundled one, not src/pipeline/prepare-worker.js.
      __CHECKPOINT_WORKER__: JSON.stringify(pathToFileURL(`${dist}/prepare-worker.js`).href),
    },
    plugins: [sourceUrls],
  });
  for (const name of Object.keys(entries)) {
    renameSync(`${outdir}/${name}.js${suffix}`, `${outdir}/${name}.js`);
  }
}

/** Builds the command into dist/. */
export async function bundle() {
  await bundleEntries(ENTRIES, dist);
}

/** The bundled entry, rebuilt first when any source is newer. */
export async function freshBundle() {
  if (builtAt() <= newest(src)) await bundle();
  return pathToFileURL(outputs[0]).href;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundle();

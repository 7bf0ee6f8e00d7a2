// Builds the `checkpoint` command from src/ into dist/ with esbuild, and rebuilds it when a
// source file is newer than the build. `npm install` runs it (the `prepare` script); the
// command runs it before each start, where it costs a few milliseconds of stat calls.
//
// Why a bundle and not tsx at run time: on Node 20 tsx's loader hooks run on a thread of their
// own and every module goes through them, so a CLI command started in ~2 s and the server
// carried ~50 MB more memory (measured: 164 MB vs 113 MB resident after loading the app).
import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
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
 * inlined and packages left to node_modules. What a module imports with `import()` goes into a
 * chunk of its own, loaded when first asked for (the web server's modules and packages stay out
 * of every other command). Each file is written aside, then renamed into place, chunks before
 * the entries that import them: a running command never reads half a file, and the chunks an
 * older build's process may still load (their names are hashes of their content) stay.
 */
export async function bundleEntries(entries, outdir) {
  const { build } = await import('esbuild');
  const { mkdir, rename, writeFile } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  const result = await build({
    entryPoints: entries,
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    write: false,
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
  const entryFiles = new Set(Object.keys(entries).map((name) => `${outdir}/${name}.js`));
  const ordered = [...result.outputFiles].sort(
    (a, b) => Number(entryFiles.has(a.path)) - Number(entryFiles.has(b.path)),
  );
  for (const file of ordered) {
    const aside = `${file.path}.${process.pid}.tmp`;
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(aside, file.contents);
    await rename(aside, file.path);
  }
  // Chunks of earlier builds, once no process started from those builds can still need them.
  const written = new Set(ordered.map((file) => file.path));
  const chunks = `${outdir}/chunks`;
  for (const name of existsSync(chunks) ? readdirSync(chunks) : []) {
    const path = `${chunks}/${name}`;
    if (!written.has(path) && Date.now() - statSync(path).mtimeMs > STALE_CHUNK_MS)
      unlinkSync(path);
  }
}

/** A day: a command started from an older build has loaded its chunks long before. */
const STALE_CHUNK_MS = 86_400_000;

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

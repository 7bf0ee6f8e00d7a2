/** Bundles `entries` ({ name: source path }) into `outdir` (see bundle.js). */
export function bundleEntries(entries: Record<string, string>, outdir: string): Promise<void>;
/** Builds the command into dist/. */
export function bundle(): Promise<void>;
/** The bundled command's entry URL, rebuilt first when any source is newer. */
export function freshBundle(): Promise<string>;

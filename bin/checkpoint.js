#!/usr/bin/env node
// The `checkpoint` command: the TypeScript sources bundled into dist/ by esbuild, rebuilt
// first when a source is newer (see bundle.js).
import { freshBundle } from './bundle.js';

await import(await freshBundle());

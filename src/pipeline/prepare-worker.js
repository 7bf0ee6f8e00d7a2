// Entry of a prepare worker thread: the sources are TypeScript, run through tsx (as the
// `checkpoint` command does), whatever started the parent process.
import { register } from 'tsx/esm/api';

register();
await import('./prepare-worker.ts');

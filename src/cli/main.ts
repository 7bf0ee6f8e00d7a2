import { tuneHeap } from '../lib/heap.ts';
import { runCli } from './program.ts';

tuneHeap();

// `checkpoint ledger | head`: the reader went away, which ends the command's output, not in a
// stack trace. Any other error of the stream is still a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  // A write of nothing calls back after the writes queued before it (pipes are asynchronous
  // on Linux: exiting at once would cut `checkpoint items --json | jq` off at 64 KiB).
  return new Promise((resolve) => stream.write('', () => resolve()));
}

const code = await runCli(process.argv);
// `serve` keeps running until a signal; every other command ends here, even if a library
// left a timer or socket behind.
const serving =
  code === 0 && process.argv.slice(2).some((arg) => arg === 'serve' || arg === 'worker');
if (!serving) {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

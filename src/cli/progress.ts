/**
 * A one-line progress bar on stderr when it is a TTY; silent otherwise (scripts, CI).
 *
 * @example const bar = progressBar('Fetching'); bar.update(3, 10); bar.done();
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = stream.isTTY === true;
  let last = '';
  let ended = false;
  return {
    update(done: number, total: number, note = '') {
      if (!enabled || total === 0) return;
      const width = 28;
      const filled = Math.round((done / total) * width);
      const line =
        `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${note}`.slice(
          0,
          (stream.columns ?? 80) - 1,
        );
      if (line === last) return;
      last = line;
      stream.write(`\r\x1b[2K${line}`);
    },
    /** Ends the bar's line (once; later calls do nothing). */
    done() {
      if (enabled && last && !ended) stream.write('\n');
      ended = true;
    },
  };
}

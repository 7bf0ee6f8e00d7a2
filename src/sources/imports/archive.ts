/**
 * Reads an export: a ZIP (streamed through fflate, only the text files a parser may need are
 * inflated — photos and videos are skipped) or a single file.
 */
import { type ExportFile, ImportError } from './common.ts';

/** Files a parser may read; media in the archive is never inflated. */
const WANTED = /\.(js|json|csv|txt)$/i;
/** Largest single text file taken from an archive. */
const MAX_FILE = 512 * 1024 * 1024;

/** Whether bytes start like a ZIP archive (local file header). */
export function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/**
 * The text files of an export given as a stream of bytes.
 *
 * @example const files = await readExport('export.zip', createReadStream(path), (n) => bar.update(n, size));
 */
export async function readExport(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  onBytes?: (bytesRead: number) => void,
): Promise<ExportFile[]> {
  const iterator = chunks[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.length === 0) first = await iterator.next();
  if (first.done)
    throw new ImportError(`import: ${name} is empty`, 'error.import.emptyFile', { file: name });
  let read = first.value.length;
  onBytes?.(read);
  if (!isZip(first.value)) {
    const parts: Uint8Array[] = [first.value];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      parts.push(next.value);
      read += next.value.length;
      onBytes?.(read);
    }
    return [{ path: name, data: Buffer.concat(parts) }];
  }
  const { Unzip, UnzipInflate } = await import('fflate');
  const files: ExportFile[] = [];
  let failure: Error | null = null;
  const unzip = new Unzip((entry) => {
    if (!WANTED.test(entry.name) || entry.name.startsWith('__MACOSX/')) return;
    const parts: Uint8Array[] = [];
    let size = 0;
    entry.ondata = (error, data, final) => {
      if (error)
        failure ??= new ImportError(
          `import: ${name}: ${entry.name} cannot be unpacked (${error.message})`,
          'error.import.unpack',
          { file: name, entry: entry.name, reason: error.message },
        );
      size += data.length;
      if (size > MAX_FILE)
        failure ??= new ImportError(
          `import: ${name}: ${entry.name} is larger than 512 MB`,
          'error.import.tooLarge',
          { file: name, entry: entry.name },
        );
      else parts.push(data);
      if (final && !failure) files.push({ path: entry.name, data: Buffer.concat(parts) });
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  unzip.push(first.value);
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    unzip.push(next.value);
    read += next.value.length;
    onBytes?.(read);
    if (failure) throw failure;
  }
  unzip.push(new Uint8Array(0), true);
  if (failure) throw failure;
  return files;
}

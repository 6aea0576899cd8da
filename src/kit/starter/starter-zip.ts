import { zipArchive } from '../grade/zip-writer.js';
import { type StarterFilesOptions, starterFiles } from './starter-files.js';

/** Options of {@link starterZip}. */
export interface StarterZipOptions extends StarterFilesOptions {
  /** The one folder the archive unpacks to, such as `04-tcp-echo`. */
  folder: string;
}

/**
 * A starter (see `starterFiles()`) as a zip archive that unpacks to one folder, for the course site's
 * download. The same lessons give the same bytes.
 *
 * @example
 * const zip = await starterZip({ lessons: ['notebooks/en/04-tcp-echo.md', 'notebooks/es/04-tcp-echo.md'], folder: '04-tcp-echo' });
 */
export async function starterZip(options: StarterZipOptions): Promise<Buffer> {
  const { files } = await starterFiles(options);
  return zipArchive(files.map((file) => ({ ...file, name: `${options.folder}/${file.name}` })));
}

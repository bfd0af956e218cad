// Writes a build's files into its output folder so that a reader never sees the folder empty or a file half
// written, even while another build of the same sources runs (two test forks, a test beside `npm run build`):
// each file is written beside its place and renamed over it (atomic), then the files no build made any more go.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const PARTIAL = '.partial';

/** Writes each file (its full path and contents) beside its place, then renames it over it. */
export async function writeAtomically(files) {
  const folders = new Set(files.map((file) => dirname(file.path)));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  for (const file of files) {
    const partial = `${file.path}.${process.pid}${PARTIAL}`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
}

/** `files`: every file of the build, each with its full path inside `outdir` and its contents. */
export async function replaceOutputs(outdir, files) {
  await mkdir(outdir, { recursive: true });
  await writeAtomically(files);
  const made = new Set(files.map((file) => basename(file.path)));
  for (const name of await readdir(outdir)) {
    if (!made.has(name) && !name.endsWith(PARTIAL)) await rm(join(outdir, name), { recursive: true, force: true });
  }
}

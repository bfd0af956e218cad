import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';

/** Watches the files a config was read from; close it on shutdown. */
export interface ConfigWatch {
  close(): void;
}

const SCHEDULE_FILE = /\.ya?ml$/;

/**
 * Which names matter in which directory. A file is watched through its directory (an editor that replaces the file
 * would end a watch on the file itself), for its own name only; a directory (schedules/) for its *.yaml and *.yml
 * files, so a new schedule file is picked up. Anything else there (the scheduler's own log file, an editor's swap
 * file) is ignored: it used to trigger a reload on every write.
 */
export function watchTargets(paths: readonly string[]): Map<string, (name: string) => boolean> {
  const targets = new Map<string, Array<(name: string) => boolean>>();
  const add = (dir: string, accepts: (name: string) => boolean) =>
    targets.set(dir, [...(targets.get(dir) ?? []), accepts]);
  for (const path of paths) {
    if (existsSync(path) && statSync(path).isDirectory()) {
      add(path, (name) => SCHEDULE_FILE.test(name) && !name.startsWith('.'));
    } else {
      const name = basename(path);
      add(dirname(path), (candidate) => candidate === name);
    }
  }
  return new Map([...targets].map(([dir, accepts]) => [dir, (name) => accepts.some((accept) => accept(name))]));
}

/**
 * Calls `onChange` (debounced) when one of `paths` changes: a config file, or a schedule file in a watched
 * directory. A directory that cannot be watched is logged; SIGHUP still reloads.
 */
export function watchConfigFiles(
  paths: readonly string[],
  onChange: (reason: string) => void,
  options: { debounceMs?: number; logger: Logger },
): ConfigWatch {
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  for (const [dir, accepts] of watchTargets(paths)) {
    try {
      watchers.push(
        watch(dir, (_event, name) => {
          // Without a file name (some platforms) the change cannot be told apart: reload to be safe.
          const file = name === null ? undefined : String(name);
          if (file !== undefined && !accepts(file)) return;
          clearTimeout(timer);
          const reason = `change in ${file === undefined ? dir : join(dir, file)}`;
          timer = setTimeout(() => onChange(reason), options.debounceMs ?? 500);
        }),
      );
    } catch (error) {
      options.logger.warn({ path: dir, err: error }, 'cannot watch for changes; SIGHUP still reloads');
    }
  }
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

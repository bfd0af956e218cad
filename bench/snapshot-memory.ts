import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Comparison } from './comparison.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = join(root, 'bench', 'snapshot-memory-child.mjs');

export interface SnapshotMemoryOptions {
  readonly groups: number;
  readonly instances: number;
}

interface ChildFigures {
  readonly rssKiB: number;
  readonly peakKiB: number;
  readonly summary: string;
}

/** One fresh node process per side, so that neither inherits the other's heap. */
function measure(side: 'ours' | 'raw', options: SnapshotMemoryOptions): ChildFigures {
  const result = spawnSync(process.execPath, [CHILD, side, String(options.groups), String(options.instances)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (result.status !== 0)
    throw new Error(`snapshot memory (${side}) exited ${result.status}: ${result.stderr.slice(-400)}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as ChildFigures;
}

const mb = (kib: number) => Math.round((kib * 1024) / 1_000_000);

/**
 * Memory of a worker holding a big inventory snapshot (the built modules: `npm run build` first): the fleet read
 * through the real SDK clients and takeSnapshot, answered in memory, then planned by Chaos; against a script that
 * keeps the same SDK answers as they come.
 */
export function benchSnapshotMemory(options: SnapshotMemoryOptions): Comparison {
  if (!existsSync(join(root, 'dist', 'core', 'aws', 'inventory.js')))
    throw new Error('dist/ is missing: run npm run build first');
  const ours = measure('ours', options);
  const raw = measure('raw', options);
  return {
    title: `Snapshot memory: ${options.instances.toLocaleString('en-US')} instances in ${options.groups.toLocaleString('en-US')} groups`,
    rows: [
      {
        metric: 'RSS holding the snapshot',
        ours: mb(ours.rssKiB),
        baseline: mb(raw.rssKiB),
        unit: 'MB',
        better: 'lower',
      },
      { metric: 'peak RSS', ours: mb(ours.peakKiB), baseline: mb(raw.peakKiB), unit: 'MB', better: 'lower' },
    ],
    notes: [
      `ours: the worker's modules, takeSnapshot over real EC2 and Auto Scaling clients answered in memory (AWS-shaped pages of 1,000 instances and 100 groups), then a Chaos plan, snapshot still held (${ours.summary}); target: at most 150 MB`,
      `baseline: the same SDK answers kept as they come, as a plain script would (${raw.summary})`,
      'RSS and peak (VmHWM) from /proc/self/status of each side, one fresh process each',
    ],
  };
}

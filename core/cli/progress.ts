import type { ActionResult } from '../plan/action.js';

/** Called as each action of an armed run finishes. */
export type ProgressListener = (done: number, total: number, result: ActionResult) => void;

/** Writes "[12/40] terminate-instance i-0abc done" lines (to stderr, so --json on stdout stays clean). */
export function progressLines(stream: NodeJS.WritableStream = process.stderr): ProgressListener {
  return (done, total, result) => {
    if (result.status === 'planned') return; // a dry run acts on nothing: its plan table says it all
    const note = result.reason ? ` (${result.reason})` : '';
    stream.write(`[${done}/${total}] ${result.kind} ${result.resource} ${result.status}${note}\n`);
  };
}

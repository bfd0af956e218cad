import type { RunReport } from '../core/plan/action.js';
import { runAsDeclared, runGivenMonkey } from '../core/run/run-monkey.js';
import type { RunDeps, RunRequest } from '../core/run/run-request.js';
import { getMonkey } from './index.js';

// The run pipeline (core/run) is handed its monkey; the name is looked up here, on the floor that knows them all.

/** One pass of the pipeline for the monkey the request names (an unknown name is bad input, listing the valid ones). */
export function runMonkey(request: RunRequest, deps: RunDeps): Promise<RunReport> {
  return runGivenMonkey(getMonkey(request.monkey), request, deps);
}

/** A run as the named monkey declares it: through its own runner (Janitor's notices) or one pass of the pipeline. */
export function runDeclared(request: RunRequest, deps: RunDeps): Promise<RunReport> {
  return runAsDeclared(getMonkey(request.monkey), request, deps);
}

#!/usr/bin/env node
import { runCli } from '../run.js';

// `gorilla --zone us-east-1a` is `simian gorilla --zone us-east-1a`.
// The command is done (long-running ones resolve only after their shutdown): a connection's lingering timer
// (an unanswered Redis, say) must not keep the process up after the last line was printed.
process.exit(await runCli(['gorilla', ...process.argv.slice(2)], 'gorilla'));

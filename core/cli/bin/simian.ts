#!/usr/bin/env node
import { runCli } from '../run.js';

// The command is done (long-running ones resolve only after their shutdown): a connection's lingering timer
// (an unanswered Redis, say) must not keep the process up after the last line was printed.
process.exit(await runCli(process.argv.slice(2)));

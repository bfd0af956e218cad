#!/usr/bin/env node
import { runCli } from '../run.js';

// `gorilla --zone us-east-1a` is `simian gorilla --zone us-east-1a`.
process.exitCode = await runCli(['gorilla', ...process.argv.slice(2)], 'gorilla');

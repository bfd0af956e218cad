import type { Command } from 'commander';
import { registerMonkeyCommands } from '../monkey-commands.js';
import { registerReportCommands } from '../report-command.js';
import * as alert from './alert.js';
import type { CommandDeps } from './command-deps.js';
import * as demo from './demo.js';
import * as events from './events.js';
import * as iamPolicy from './iam-policy.js';
import * as inventory from './inventory.js';
import * as janitor from './janitor.js';
import * as killswitch from './killswitch.js';
import * as revert from './revert.js';
import * as schedule from './schedule.js';
import * as scheduler from './scheduler.js';
import * as serve from './serve.js';
import * as up from './up.js';
import * as validate from './validate.js';
import * as worker from './worker.js';

/** Each command file exports `register(program)`; with the monkeys' own commands, this list is the whole CLI. */
const commands = [
  alert,
  demo,
  events,
  iamPolicy,
  inventory,
  janitor,
  killswitch,
  revert,
  schedule,
  scheduler,
  serve,
  up,
  validate,
  worker,
];

export function registerCommands(program: Command, deps: CommandDeps): void {
  for (const command of commands) command.register(program, deps);
  registerMonkeyCommands(program);
  registerReportCommands(program);
}

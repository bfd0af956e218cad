import type { SandboxExtras } from '../../sandbox/sandbox-extras.js';
import type { SeededFleet } from '../../sandbox/seed.js';
import type { CliContext } from '../context.js';
import type { CliRunner } from './typed-command.js';

/** What every demo step works with: the sandbox's peers, its config files, and where to print. */
export interface DemoSandbox {
  readonly endpointUrl: string;
  readonly redisUrl: string;
  /** The config file the demo runs with (sandbox/simian.yaml), as the user would pass it to -c. */
  readonly configPath: string;
  /** The sandbox config armed (sandbox/simian-armed.yaml), for the step that acts for real on the sandbox. */
  readonly armedConfigPath: string;
  readonly context: CliContext;
  readonly fleets: SeededFleet[];
  /** What the other monkeys find beyond the groups (records, a certificate, addresses, an image, a patient). */
  extras?: SandboxExtras;
  print(text: string): void;
  /** The CLI itself, to type commands through it. */
  readonly cli: CliRunner;
}

/** One step of the demo, printed under its own numbered title. */
export interface DemoStep {
  readonly title: string;
  run(sandbox: DemoSandbox): Promise<void>;
}

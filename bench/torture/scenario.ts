import type { AwsClients } from '../../core/aws/clients.js';

/** What every scenario gets: the suite's own moto and Redis, and how big to make its run. */
export interface TortureContext {
  readonly motoUrl: string;
  readonly redisUrl: string;
  /** Clients straight to moto (no faults): seeding and checking what really happened. */
  readonly clients: AwsClients;
  /** `--quick`: the reduced size CI runs. */
  readonly quick: boolean;
  readonly progress: (message: string) => void;
}

/** One row of the closing table: what a scenario did, its figures, and every loss it saw (none is a pass). */
export interface ScenarioResult {
  readonly scenario: string;
  readonly did: string;
  readonly figures: string;
  readonly losses: readonly string[];
}

/** Collects the losses of one scenario: each failed expectation is one line of the report. */
export class Losses {
  readonly list: string[] = [];

  expect(holds: boolean, loss: string): void {
    if (!holds) this.list.push(loss);
  }
}

import type { AwsClients } from '../../../core/aws/clients.js';
import { MOTO_ACCOUNT, testClients } from '../../support/env.js';
import { REGION } from './harness.js';

type ReadService =
  | 'ec2'
  | 'elbv2'
  | 'autoScaling'
  | 'ssm'
  | 'rds'
  | 'logs'
  | 'cloudTrail'
  | 'route53'
  | 'lambda'
  | 'ecs';
type Send = (args: unknown) => Promise<{ output: unknown }>;
/** The part of an SDK client's middleware stack used here (clients of several services share it). */
interface Stacked {
  readonly middlewareStack: {
    add(
      middleware: (next: Send, context: { commandName?: string }) => Send,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Clients whose read-only `service` client, the one a Janitor run reads with, changes what AWS answers to one
 * command: for what moto cannot produce (a refused read, a state it never shows). Destroy them after the run.
 */
function injected(
  service: ReadService,
  command: string,
  around: (send: () => Promise<{ output: unknown }>) => Promise<{ output: unknown }>,
): AwsClients {
  const clients = testClients();
  const client = clients.readOnly()[service]({ region: REGION, account: MOTO_ACCOUNT }) as unknown as Stacked;
  client.middlewareStack.add(
    (next, context) => (args) => (context.commandName === `${command}Command` ? around(() => next(args)) : next(args)),
    { step: 'initialize', name: `inject${command}` },
  );
  return clients;
}

/** Clients on which AWS refuses `command` (an IAM denial), as a misconfigured role would. */
export function refusingRead(service: ReadService, command: string, code: string): AwsClients {
  return injected(service, command, () => {
    const refused = new Error(`User is not authorized to perform: ${service}:${command}`);
    throw Object.assign(refused, { name: code });
  });
}

/** Clients on which `command`'s answer is amended (a state moto never shows, as AWS would answer it). */
export function amendedRead<Output>(
  service: ReadService,
  command: string,
  amend: (output: Output) => Output,
): AwsClients {
  return injected(service, command, async (send) => {
    const answer = await send();
    return { ...answer, output: amend(answer.output as Output) };
  });
}

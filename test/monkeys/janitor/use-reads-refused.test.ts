import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../../monkeys/janitor/rules/index.js';
import { type EveryReadWorld, seedEveryJanitorRead } from './every-read-world.js';
import { expectReportedUnreadable, janitorAt, janitorConfig, janitorSandbox } from './harness.js';
import { refusingRead } from './injected-reads.js';

const { clients, redis } = janitorSandbox();

/** Every rule on, finding its resources unused from the first day: each read concerns a candidate. */
const EVERY_RULE_AT_ONCE = { rules: Object.fromEntries(RULE_IDS.map((rule) => [rule, { enabled: true, days: 0 }])) };

type Service = Parameters<typeof refusingRead>[0];

/** Each declared use read of the Janitor, and what it leaves in doubt when AWS refuses it. */
const READS: readonly { service: Service; command: string; doubt: (world: EveryReadWorld) => string[] }[] = [
  { service: 'ec2', command: 'DescribeImageAttribute', doubt: (world) => [world.unusedImage] },
  { service: 'ec2', command: 'DescribeSnapshotAttribute', doubt: (world) => [world.snapshot] },
  { service: 'ec2', command: 'DescribeInstanceAttribute', doubt: (world) => [world.instance] },
  { service: 'ec2', command: 'DescribeLaunchTemplateVersions', doubt: (world) => [world.unusedImage, world.snapshot] },
  { service: 'ec2', command: 'DescribeRouteTables', doubt: (world) => [world.instance, world.detachedInterface] },
  { service: 'ssm', command: 'DescribeParameters', doubt: (world) => [world.unusedImage] },
  { service: 'ssm', command: 'GetParameters', doubt: (world) => [world.unusedImage] },
  { service: 'elbv2', command: 'DescribeTargetHealth', doubt: (world) => [world.targetGroup, world.balancer] },
  { service: 'elbv2', command: 'DescribeListeners', doubt: (world) => [world.balancer, world.targetGroup] },
  { service: 'elbv2', command: 'DescribeRules', doubt: (world) => [world.balancer, world.targetGroup] },
  { service: 'autoScaling', command: 'DescribeScheduledActions', doubt: (world) => [world.group] },
  { service: 'autoScaling', command: 'DescribeWarmPool', doubt: (world) => [world.group] },
  { service: 'autoScaling', command: 'DescribeLifecycleHooks', doubt: (world) => [world.group] },
];

describe('janitor: a refused use read keeps what it concerns and says why (fail closed; refusals injected in the SDK: moto never refuses a read)', () => {
  let world: EveryReadWorld;

  it.each(READS)(
    '$command refused: every resource it concerns is kept and reported',
    async ({ service, command, doubt }) => {
      world ??= await seedEveryJanitorRead(clients);
      const refusing = refusingRead(service, command, 'AccessDenied');
      const janitor = janitorAt(refusing, redis, janitorConfig());
      const report = await janitor.run(EVERY_RULE_AT_ONCE, { dryRun: true });
      refusing.destroy();
      expect(report.refused).toBeUndefined();
      for (const id of doubt(world)) expectReportedUnreadable(report, id, 'AccessDenied');
      const marked = report.actions.filter((action) => action.kind === 'mark-for-janitor').map((a) => a.resource);
      expect(marked.filter((id) => doubt(world).includes(id))).toEqual([]);
    },
  );
});

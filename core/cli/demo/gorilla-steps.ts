import { RevertRegistry } from '../../actuator/revert-registry.js';
import type { DemoSandbox, DemoStep } from './demo-step.js';
import { sandboxArgs, shownPath, typeCommand } from './typed-command.js';

const ZONE = 'us-east-1a';
const REGION = 'us-east-1';
/** The groups gorilla may take out of the zone in the sandbox fleet (simian:all or simian:gorilla, not canaries). */
const GORILLA_GROUPS = ['api-prod', 'web-prod'];

export const gorillaDryRunStep: DemoStep = {
  title: `Chaos Gorilla plans a ${ZONE} outage (dry run)`,
  async run(sandbox) {
    await typeCommand(
      ['gorilla', '--zone', ZONE, '--dry-run', ...sandboxArgs(sandbox.configPath, sandbox.endpointUrl)],
      sandbox,
    );
    sandbox.print(
      [
        '',
        'A dry run (the default) acts on nothing: "planned" rows are what an armed run would terminate; the',
        'skipped rows say which guard spared each group or instance, and why.',
      ].join('\n'),
    );
  },
};

/** "subnet-1 (us-east-1a), subnet-2 (us-east-1b)" per group, from Auto Scaling itself. */
async function groupSubnets(sandbox: DemoSandbox): Promise<Map<string, string>> {
  const { autoScalingGroupType } = await import('../../aws/resources/auto-scaling-group.js');
  const groups = await autoScalingGroupType.fresh(sandbox.context.clients, { region: REGION }, GORILLA_GROUPS);
  const fleet = sandbox.fleets.find((seeded) => seeded.region === REGION);
  const zoneOf = new Map(Object.entries(fleet?.subnetsByZone ?? {}).map(([zone, subnet]) => [subnet, zone]));
  return new Map(
    [...groups.values()].map(({ raw: group }) => {
      const subnets = (group.VPCZoneIdentifier ?? '').split(',').filter(Boolean);
      return [
        group.AutoScalingGroupName ?? '',
        subnets.map((subnet) => `${subnet} (${zoneOf.get(subnet) ?? '?'})`).join(', '),
      ];
    }),
  );
}

function printSubnets(sandbox: DemoSandbox, heading: string, subnetsByGroup: Map<string, string>): void {
  sandbox.print(heading);
  // Auto Scaling answers in no set order; print by name so every run reads the same.
  const byName = [...subnetsByGroup].sort(([a], [b]) => a.localeCompare(b));
  for (const [group, subnets] of byName) sandbox.print(`  ${group.padEnd(10)} ${subnets}`);
}

export const gorillaArmedStep: DemoStep = {
  title: `Chaos Gorilla takes ${ZONE} out for real, then the revert puts it back`,
  async run(sandbox) {
    const armed = sandboxArgs(sandbox.armedConfigPath, sandbox.endpointUrl);
    sandbox.print(
      [
        `This step uses ${shownPath(sandbox.armedConfigPath)}: the sandbox config armed, with a calendar open all day`,
        "every day and caps that let a zone go. Mode exclude removes the zone's subnets from each opted-in group,",
        'then terminates its instances there; the revert puts the subnets back.',
      ].join('\n'),
    );
    const before = await groupSubnets(sandbox);
    printSubnets(sandbox, '\nSubnets before:', before);
    sandbox.print('');
    await typeCommand(
      ['gorilla', '--zone', ZONE, '--no-dry-run', '--yes', '--mode', 'exclude', '--duration', '1m', ...armed],
      sandbox,
    );
    printSubnets(sandbox, '\nSubnets during the outage:', await groupSubnets(sandbox));
    sandbox.print('');
    await typeCommand(['revert', '--list', ...armed], sandbox);
    // The reverts fall due in a minute; rather than wait, apply the run's reverts now, as an operator would.
    const registry = new RevertRegistry(sandbox.context.redis(), {
      prefix: sandbox.context.config.global.redis.prefix,
    });
    const runIds = [...new Set((await registry.pending()).map((record) => record.meta.runId))];
    sandbox.print("\nNot waiting a minute for the deadline: applying the run's reverts now (`revert --run`).");
    for (const runId of runIds) {
      await typeCommand(['revert', '--run', runId, ...armed], sandbox);
    }
    const after = await groupSubnets(sandbox);
    printSubnets(sandbox, '\nSubnets after the revert:', after);
    const restored = [...before].every(([group, subnets]) => after.get(group) === subnets);
    sandbox.print(
      restored ? 'Every group has its subnets back, exactly as before.' : 'Some subnets are NOT back (see above).',
    );
  },
};

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../config/tree.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'check-reads.mjs');

/** A doc like docs/architecture.md: the hand reads still allowed outside core/aws, each with its reason. */
function readsDoc(allowed: readonly string[] = []): string {
  return [
    '# Architecture',
    '',
    '## Reads outside core/aws still allowed',
    '',
    ...allowed.map((file) => `- \`${file}\`: a reason.`),
    '',
    '## Next section',
    '',
  ].join('\n');
}

/** Reads through core/aws only: a resource type sends the command; a monkey calls the type. */
const CLEAN_TREE = {
  'core/aws/resources/subnet.ts':
    "import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';\nexport const subnets = (ec2) => ec2.send(new DescribeSubnetsCommand({}));\n",
  'monkeys/gorilla.ts':
    "import { subnets } from '../core/aws/resources/subnet.js';\n// Not DescribeSubnetsCommand by hand: the type.\nexport const plan = subnets;\n",
  // A mutating call is no read.
  'core/actuator/effects/terminate.ts':
    "import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';\nexport const kill = (ec2) => ec2.send(new TerminateInstancesCommand({}));\n",
};

function check(files: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, writeTree(files)], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('scripts/check-reads.mjs: AWS is read through core/aws only (npm run lint)', () => {
  it('passes a tree whose reads go through core/aws', () => {
    expect(check({ ...CLEAN_TREE, 'docs/architecture.md': readsDoc() })).toEqual({ status: 0, stderr: '' });
  });

  it('fails naming each file outside core/aws that sends a Describe/List/Get command or paginator by hand', () => {
    const { status, stderr } = check({
      ...CLEAN_TREE,
      'docs/architecture.md': readsDoc(),
      'monkeys/shared/zone-subnets.ts':
        "export const read = async (ec2) => {\n  const { paginateDescribeSubnets } = await import('@aws-sdk/client-ec2');\n  return paginateDescribeSubnets({ client: ec2 }, {});\n};\n",
      'core/safety/fresh.ts':
        "import { DescribeInstancesCommand, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';\nexport const a = [DescribeInstancesCommand, GetConsoleOutputCommand];\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain('hand read: core/safety/fresh.ts sends DescribeInstancesCommand, GetConsoleOutputCommand');
    expect(stderr).toContain('hand read: monkeys/shared/zone-subnets.ts sends paginateDescribeSubnets');
    expect(stderr).toContain('check-reads: 2 problem(s)');
  });

  it('lets an allowed file read by hand, and fails for an allowance that matches no hand read (the list only shrinks)', () => {
    const reading = {
      'core/actuator/effects/lookup.ts':
        "import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';\nexport const look = DescribeVolumesCommand;\n",
    };
    expect(
      check({ ...CLEAN_TREE, ...reading, 'docs/architecture.md': readsDoc(['core/actuator/effects/lookup.ts']) }),
    ).toEqual({ status: 0, stderr: '' });
    const { status, stderr } = check({
      ...CLEAN_TREE,
      'docs/architecture.md': readsDoc(['monkeys/gorilla.ts']),
    });
    expect(status).toBe(1);
    expect(stderr).toContain(
      'allowed hand read no longer made (remove it from docs/architecture.md): monkeys/gorilla.ts',
    );
  });

  it('passes on this repository: every hand read left is allowed with its reason in docs/architecture.md', () => {
    const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

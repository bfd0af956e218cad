import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDocument } from '../../core/cli/commands/inventory.js';
import { simian } from '../support/cli.js';
import { testClients } from '../support/env.js';
import { seedDefaultFleet } from '../support/fleet.js';

/**
 * Instance actions are tag-conditioned on the instance (docs/iam.md): an opt-in tag that does not propagate at launch
 * leaves the group opted in for simian but refused by AWS. `simian inventory` says so.
 */
describe('simian inventory flags opt-in tags that do not reach the instances', () => {
  let config: string;

  beforeAll(async () => {
    const clients = testClients();
    await seedDefaultFleet(clients);
    // api-prod: simian:gorilla propagates (seeded), simian:chaos does not; db-prod's opt-out needs no propagation.
    await clients.autoScaling({ region: 'us-east-1' }).send(
      new CreateOrUpdateTagsCommand({
        Tags: [
          {
            ResourceId: 'api-prod',
            ResourceType: 'auto-scaling-group',
            Key: 'simian:chaos',
            Value: 'Enabled',
            PropagateAtLaunch: false,
          },
          {
            ResourceId: 'db-prod',
            ResourceType: 'auto-scaling-group',
            Key: 'simian:all',
            Value: 'disabled',
            PropagateAtLaunch: false,
          },
        ],
      }),
    );
    config = join(mkdtempSync(join(tmpdir(), 'simian-propagation-')), 'simian.yaml');
    writeFileSync(config, 'regions: [us-east-1]\n');
  }, 60_000);

  it('lists the non-propagating opt-in tags per group in --json and warns under the table', async () => {
    const json = await simian('inventory', '-c', config, '--json');
    expect(json.code).toBe(0);
    const groups = (JSON.parse(json.stdout) as InventoryDocument).regions[0]?.groups ?? [];
    const flagged = Object.fromEntries(groups.map((group) => [group.name, group.optInNotPropagated]));
    expect(flagged).toEqual({
      'api-prod': ['simian:chaos'],
      'batch-dev': [],
      'db-prod': [],
      'web-prod': [],
      'web-prod-canary': [],
    });

    const text = await simian('inventory', '-c', config);
    expect(text.code).toBe(0);
    const warnings = text.stdout.split('\n').filter((line) => line.startsWith('warning:'));
    expect(warnings).toEqual([
      'warning: api-prod: simian:chaos not propagated to instances (PropagateAtLaunch false): the IAM tag conditions refuse instance actions (docs/iam.md)',
    ]);
  });

  it('leaves out a monkey not shown: gorilla alone sees nothing to flag', async () => {
    const { code, stdout } = await simian('inventory', '-c', config, '--monkey', 'gorilla', '--json');
    expect(code).toBe(0);
    const groups = (JSON.parse(stdout) as InventoryDocument).regions[0]?.groups ?? [];
    expect(groups.flatMap((group) => group.optInNotPropagated)).toEqual([]);
  });
});

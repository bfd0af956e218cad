import type { Command } from 'commander';
import { type CommonOptions, withCommonOptions } from '../options.js';

export type { InventoryDocument, InventoryGroup, InventoryRegion } from '../../run/fleet-inventory.js';

/** `simian inventory`: registered cheaply; the SDK, the registry and the rendering load when it runs. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('inventory')
      .description('list Auto Scaling groups per region: zones, instances per zone, sizes and opt-in with reasons'),
  )
    .option('--monkey <name>', 'show one monkey only, with its full opt-in reason')
    .action(async (options: CommonOptions & { monkey?: string }) => {
      const { runInventory } = await import('./inventory-run.js');
      await runInventory(options);
    });
}

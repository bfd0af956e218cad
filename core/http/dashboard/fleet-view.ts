import { allMonkeys } from '../../../monkeys/index.js';
import { type InventoryDocument, takeInventory } from '../../run/fleet-inventory.js';
import { cached } from './cached.js';
import type { DashboardContext } from './deps.js';

/** `GET /api/v1/dashboard/fleet`: `simian inventory --json`'s document, and when it was read. */
export interface FleetView extends InventoryDocument {
  readonly takenAt: string;
  /** Until when this answer is served from the cache. */
  readonly freshUntil: string;
}

/** A snapshot is a few paginated Describe calls per region: one every half minute is plenty for a page. */
export const FLEET_CACHE_MS = 30_000;

/**
 * The fleet map's data: an inventory of every configured region through read-only clients, with each group's
 * opt-in decision per monkey, cached for a short time.
 */
export function fleetViewSource(context: DashboardContext): () => Promise<FleetView> {
  return cached(FLEET_CACHE_MS, context.clock, async (at) => {
    const config = context.config();
    const inventory = await takeInventory(
      { config, clients: context.clients.readOnly(), account: context.account },
      config.global.regions,
      allMonkeys(),
    );
    return {
      ...inventory,
      takenAt: at.toISOString(),
      freshUntil: new Date(at.getTime() + FLEET_CACHE_MS).toISOString(),
    };
  });
}

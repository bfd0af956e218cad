import { allMonkeys } from '../../../monkeys/index.js';
import { type InventoryDocument, takeInventory } from '../../cli/commands/inventory-run.js';
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
 * opt-in decision per monkey, cached for a short time (concurrent requests share one read). An AWS error is
 * not cached, so the next request asks again.
 */
export function fleetViewSource(context: DashboardContext): () => Promise<FleetView> {
  let cached: { at: number; view: Promise<FleetView> } | undefined;
  return () => {
    const now = context.clock.now().getTime();
    if (cached && now - cached.at < FLEET_CACHE_MS) return cached.view;
    const entry = {
      at: now,
      view: (async (): Promise<FleetView> => {
        const config = context.config();
        const inventory = await takeInventory(
          { config, clients: context.clients.readOnly(), account: context.account },
          config.global.regions,
          allMonkeys(),
        );
        return {
          ...inventory,
          takenAt: new Date(now).toISOString(),
          freshUntil: new Date(now + FLEET_CACHE_MS).toISOString(),
        };
      })(),
    };
    entry.view.catch(() => {
      if (cached === entry) cached = undefined;
    });
    cached = entry;
    return entry.view;
  };
}

import type { SimianEvent } from './event.js';

/** What to select from the timeline; every given field must match (exact, case-sensitive). */
export interface EventFilter {
  monkey?: string;
  group?: string;
  type?: string;
  resource?: string;
  runId?: string;
}

export function matchesFilter(event: SimianEvent, filter: EventFilter): boolean {
  if (filter.monkey !== undefined && event.monkey !== filter.monkey) return false;
  if (filter.group !== undefined && event.group !== filter.group && event.app !== filter.group) return false;
  if (filter.type !== undefined && event.type !== filter.type) return false;
  if (filter.resource !== undefined && event.resource !== filter.resource) return false;
  if (filter.runId !== undefined && event.runId !== filter.runId) return false;
  return true;
}

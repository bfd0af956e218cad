import type { SimianEvent } from './event.js';

/** One readable line per event: time, type, monkey, where, and what happened. */
export function formatEvent(event: SimianEvent): string {
  const where = [event.group, event.resource].filter(Boolean).join(' ');
  const mode = event.dryRun ? ' [dry run]' : '';
  return [
    event.timestamp ?? '',
    event.type.padEnd(16),
    (event.monkey ?? 'simian').padEnd(9),
    where,
    `${event.desc}${mode}`,
  ]
    .filter((part) => part !== '')
    .join('  ');
}

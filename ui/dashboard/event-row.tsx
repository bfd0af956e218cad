import type { SimianEvent } from '../../core/events/event.js';
import { clock } from './format.js';
import { showsMode } from './modes.js';

/** One event, expandable to every field it carries; dry run or armed visible on every event of a run that can act. */
export function EventRow({ event }: { event: SimianEvent }) {
  const where = [event.group, event.resource, event.zone ?? event.region].filter(Boolean).join(' · ');
  return (
    <details class={`event type-${event.type.toLowerCase()}`} data-type={event.type}>
      <summary>
        <time dateTime={event.timestamp}>{clock(event.timestamp)}</time>
        <span class="badge type">{event.type}</span>
        <span class="monkey">{event.monkey ?? 'simian'}</span>
        {showsMode(event) && (
          <span class={`badge ${event.dryRun ? 'dry' : 'armed'}`}>{event.dryRun ? 'dry run' : 'armed'}</span>
        )}
        <span class="desc">{event.desc}</span>
        {where && <span class="where">{where}</span>}
      </summary>
      <pre>{JSON.stringify(event, null, 2)}</pre>
    </details>
  );
}

import type { Logger } from 'pino';
import type { EventSink, SimianEvent } from './event.js';

/**
 * Records an event without letting the timeline decide the outcome of what happened: a lost event is logged.
 * (Safety does not rest on the timeline: the guards fail closed on their own when Redis is unreachable.)
 */
export async function recordSafely(events: EventSink, logger: Logger, event: SimianEvent): Promise<void> {
  try {
    await events.record(event);
  } catch (error) {
    logger.warn({ err: error, eventType: event.type, resource: event.resource }, 'could not record an event');
  }
}

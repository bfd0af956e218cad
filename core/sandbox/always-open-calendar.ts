/**
 * A calendar open every day, all day (UTC): the config fragment tests, benchmarks and the torture suite use so that
 * a run is never refused for being outside its window.
 */
export const ALWAYS_OPEN_CALENDAR = {
  timezone: 'UTC',
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  start: '00:00',
  end: '23:59',
} as const;

import { useMemo, useState } from 'preact/hooks';
import type { ChronosAnswer } from '../../core/events/chronos-query.js';
import { usePoll } from './api.js';
import { EventRow } from './event-row.js';
import { plural } from './format.js';
import { LanesChart } from './lanes-chart.js';
import { Loading } from './loading.js';

/** Events listed at once; more on request (a day of events would make a page tens of thousands of pixels tall). */
export const PAGE = 50;

const RANGES = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
type Range = keyof typeof RANGES;
type Mode = 'all' | 'dry' | 'armed';

const distinct = (values: readonly (string | null | undefined)[]) =>
  [...new Set(values.filter((value): value is string => Boolean(value)))].sort();

function Select(props: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
}) {
  return (
    <label class="filter">
      {props.label}
      <select name={props.label} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">all</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The timeline: events over time per monkey (uPlot), filtered by monkey, type, group and mode, each expandable. */
export function Timeline() {
  const [range, setRange] = useState<Range>('24h');
  // Rounded to the minute so the URL (and the poll) stays put between renders.
  const start = Math.floor((Date.now() - RANGES[range]) / 60_000) * 60_000;
  const { data, error } = usePoll<ChronosAnswer>(`/api/v1/event?timelines=all:all&limit=2000&start=${start}`, 10_000);
  const [monkey, setMonkey] = useState('');
  const [type, setType] = useState('');
  const [group, setGroup] = useState('');
  const [mode, setMode] = useState<Mode>('all');
  const events = data?.events ?? [];
  const shown = useMemo(
    () =>
      events.filter(
        (event) =>
          (!monkey || (event.monkey ?? 'simian') === monkey) &&
          (!type || event.type === type) &&
          (!group || event.group === group) &&
          (mode === 'all' || (mode === 'dry') === event.dryRun),
      ),
    [events, monkey, type, group, mode],
  );
  const lanes = useMemo(() => distinct(shown.map((event) => event.monkey ?? 'simian')), [shown]);
  const newestFirst = useMemo(() => [...shown].reverse(), [shown]);
  // A new filter starts the list again at its first page.
  const filter = `${range}|${monkey}|${type}|${group}|${mode}`;
  const [paging, setPaging] = useState({ filter, listed: PAGE });
  const listed = paging.filter === filter ? paging.listed : PAGE;
  if (!data) return <Loading error={error} />;
  const left = newestFirst.length - listed;
  return (
    <section id="timeline" class="panel">
      <header class="panel-head">
        <h2>Timeline</h2>
        <p class="muted">
          {plural(shown.length, 'event')} of {data.count} in the last {range}
        </p>
      </header>
      <div class="filters">
        <label class="filter">
          range
          <select name="range" value={range} onChange={(e) => setRange(e.currentTarget.value as Range)}>
            {Object.keys(RANGES).map((key) => (
              <option key={key}>{key}</option>
            ))}
          </select>
        </label>
        <Select
          label="monkey"
          value={monkey}
          options={distinct(events.map((event) => event.monkey ?? 'simian'))}
          onChange={setMonkey}
        />
        <Select label="type" value={type} options={distinct(events.map((event) => event.type))} onChange={setType} />
        <Select
          label="group"
          value={group}
          options={distinct(events.map((event) => event.group))}
          onChange={setGroup}
        />
        <label class="filter">
          mode
          <select name="mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as Mode)}>
            <option value="all">all</option>
            <option value="dry">dry run</option>
            <option value="armed">armed</option>
          </select>
        </label>
      </div>
      {shown.length === 0 ? <p class="empty">No events match.</p> : <LanesChart events={shown} lanes={lanes} />}
      <div class="events">
        {newestFirst.slice(0, listed).map((event) => (
          <EventRow key={event.id} event={event} />
        ))}
      </div>
      {left > 0 && (
        <p class="more">
          <span class="muted">
            newest {listed} of {shown.length} listed ·{' '}
          </span>
          <button type="button" onClick={() => setPaging({ filter, listed: listed + PAGE })}>
            Show {Math.min(PAGE, left)} older
          </button>
        </p>
      )}
    </section>
  );
}

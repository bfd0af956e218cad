import { formatDuration } from '../../core/config/duration.js';
import type { TodayView } from '../../core/http/dashboard/today-view.js';
import { usePoll } from './api.js';
import { EventRow } from './event-row.js';
import { clock, plural, relative } from './format.js';
import { Loading } from './loading.js';
import { canAct } from './modes.js';

const STATE_LABEL: Record<string, string> = {
  delayed: 'to come',
  waiting: 'due',
  active: 'running',
  completed: 'done',
  failed: 'failed',
  missing: 'not queued',
};

/** Today: each monkey's plan for the day (planned runs, schedules) and what already happened, live. */
export function Today() {
  const { data, error } = usePoll<TodayView>('/api/v1/dashboard/today', 5000);
  if (!data) return <Loading error={error} />;
  const window = data.window
    ? `window ${clock(data.window.start, data.timezone)}–${clock(data.window.end, data.timezone)}`
    : 'not a run day (no planned runs today)';
  return (
    <section id="today" class="panel">
      <header class="panel-head">
        <h2>Today · {data.day}</h2>
        <p class="muted">
          {data.timezone} · {window} ·{' '}
          {data.armed ? <span class="badge armed">armed config</span> : <span class="badge dry">dry-run config</span>}
        </p>
      </header>
      <div class="cards">
        {data.monkeys.length === 0 && <p class="empty">Nothing happened yet today.</p>}
        {data.monkeys.map((day) => (
          <article class="card" key={day.monkey} data-monkey={day.monkey}>
            <h3>{day.monkey}</h3>
            <dl>
              <dt>runs</dt>
              <dd>{day.planned}</dd>
              {canAct(day.monkey) && (
                <>
                  <dt>armed</dt>
                  <dd class={day.armed > 0 ? 'armed-text' : ''}>{day.armed}</dd>
                  <dt>dry run</dt>
                  <dd>{day.dryRun}</dd>
                  <dt>spared</dt>
                  <dd>{day.skips}</dd>
                </>
              )}
              {day.failures > 0 && (
                <>
                  <dt>failed</dt>
                  <dd class="armed-text">{day.failures}</dd>
                </>
              )}
              {day.refusals > 0 && (
                <>
                  <dt>refused</dt>
                  <dd>{day.refusals}</dd>
                </>
              )}
              {day.findings > 0 && (
                <>
                  <dt>findings</dt>
                  <dd>{day.findings}</dd>
                </>
              )}
            </dl>
          </article>
        ))}
      </div>
      <div class="columns">
        <div>
          <h3>The day's plan</h3>
          {!data.planned && (
            <p class="empty">Not planned yet: the plan is made at the planning hour of each run day.</p>
          )}
          {data.planned && data.runs.length === 0 && <p class="empty">No planned runs today.</p>}
          {data.runs.length > 0 && (
            <div class="scroll">
              <table class="plan">
                <thead>
                  <tr>
                    <th>time</th>
                    <th>monkey</th>
                    <th>group</th>
                    <th class="wide">region</th>
                    <th>state</th>
                  </tr>
                </thead>
                <tbody>
                  {data.runs.map((run) => (
                    <tr key={run.id} data-run={run.id} class={`run-${run.state}`}>
                      <td title={run.at}>
                        {clock(run.at)} <span class="muted">{relative(run.at)}</span>
                      </td>
                      <td>{run.monkey}</td>
                      <td>{run.group}</td>
                      <td class="wide">{run.region}</td>
                      <td>
                        <span class={`badge state-${run.state}`}>{STATE_LABEL[run.state] ?? run.state}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>Scheduled runs</h3>
          <Schedules view={data} />
        </div>
        <div>
          <h3>What happened · {plural(data.recent.length, 'latest event')}</h3>
          {data.recent.length === 0 && <p class="empty">No events today.</p>}
          <div class="events">
            {data.recent.map((event) => (
              <EventRow key={event.id} event={event} />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}

/** Each schedule entry with its next run (from its job scheduler), then the schedulers no entry names. */
function Schedules({ view }: { view: TodayView }) {
  const next = new Map(view.schedulers.map((scheduler) => [scheduler.id, scheduler]));
  const named = new Set(view.schedules.map((entry) => entry.id));
  const others = view.schedulers.filter((scheduler) => !named.has(scheduler.id));
  if (view.schedules.length === 0 && others.length === 0) return <p class="empty">No schedules.</p>;
  return (
    <ul class="schedulers">
      {view.schedules.map((entry) => {
        const scheduler = next.get(entry.id);
        return (
          <li key={entry.id} data-schedule={entry.id} class={entry.enabled ? '' : 'disabled'}>
            <strong>{entry.monkey}</strong> <span class="muted">{entry.id}</span>{' '}
            <code>{entry.cron ?? `every ${formatDuration(entry.every ?? 0)}`}</code>{' '}
            <Mode monkey={entry.monkey} armed={entry.armed} />{' '}
            <span class="muted">
              {!entry.enabled
                ? 'disabled'
                : scheduler?.next
                  ? `next ${clock(scheduler.next)} ${relative(scheduler.next)}`
                  : 'no scheduler running'}
            </span>
          </li>
        );
      })}
      {others.map((scheduler) => (
        <li key={scheduler.id}>
          <strong>{scheduler.monkey ?? scheduler.job}</strong> <span class="muted">{scheduler.id}</span>{' '}
          <code>{scheduler.pattern ?? `every ${formatDuration(scheduler.every ?? 0)}`}</code>{' '}
          <span class="muted">
            next {clock(scheduler.next)} {relative(scheduler.next)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** What a schedule entry's runs may do: armed or dry run for a monkey that acts; a report monkey only reports. */
function Mode({ monkey, armed }: { monkey: string; armed: boolean }) {
  if (!canAct(monkey)) return <span class="badge report">report</span>;
  return <span class={`badge ${armed ? 'armed' : 'dry'}`}>{armed ? 'armed' : 'dry run'}</span>;
}

import { useState } from 'preact/hooks';
import type { RevertRecord } from '../../core/actuator/revert-registry.js';
import type { KillSwitchView } from '../../core/http/dashboard/killswitch-view.js';
import type { RevertsView } from '../../core/http/dashboard/reverts-view.js';
import { postJson, usePoll } from './api.js';
import { Confirm } from './confirm.js';
import { EventRow } from './event-row.js';
import { clock, relative } from './format.js';
import { Loading } from './loading.js';

const STOP_LABEL = { ok: 'quiet', firing: 'in ALARM', missing: 'missing', unknown: 'unknown' } as const;

/** Pending reverts with their deadlines and a "revert now" each; the stop conditions and their states. */
export function Safety() {
  const { data, error, reload } = usePoll<RevertsView>('/api/v1/dashboard/reverts', 5000);
  const killSwitch = usePoll<KillSwitchView>('/api/v1/dashboard/killswitch', 5000);
  const [asking, setAsking] = useState<RevertRecord | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!data) return <Loading error={error} />;
  return (
    <section id="safety" class="panel">
      <header class="panel-head">
        <h2>Reverts, stop conditions, kill switch</h2>
      </header>
      <h3>Pending reverts</h3>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {data.reverts.length === 0 ? (
        <p class="empty">No fault is waiting to be undone.</p>
      ) : (
        <div class="scroll">
          <table class="reverts">
            <thead>
              <tr>
                <th>due</th>
                <th>undoes</th>
                <th>resource</th>
                <th>group</th>
                <th>monkey</th>
                <th>status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.reverts.map((revert) => (
                <tr key={revert.id} data-revert={revert.id}>
                  <td title={revert.dueAt ?? ''}>
                    {revert.dueAt ? clock(revert.dueAt) : 'on demand'}{' '}
                    <span class="muted">{relative(revert.dueAt)}</span>
                  </td>
                  <td>
                    {revert.meta.appliedKind} <span class="muted">→ {revert.spec.kind}</span>
                  </td>
                  <td>{revert.spec.resource}</td>
                  <td>{revert.meta.group ?? '—'}</td>
                  <td>{revert.meta.monkey ?? '—'}</td>
                  <td>
                    <span class={`badge state-${revert.status}`}>{revert.status}</span>
                    {revert.outcome?.error && <span class="error-text"> {revert.outcome.error}</span>}
                  </td>
                  <td>
                    <button type="button" class="primary small" onClick={() => setAsking(revert)}>
                      Revert now
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Stop conditions</h3>
      {data.stopConditionError && <p class="error">Stop conditions could not be read: {data.stopConditionError}</p>}
      {data.stopConditions.length === 0 ? (
        <p class="empty">
          No stop conditions configured (stopConditions.alarms): nothing stops a run but the kill switch.
        </p>
      ) : (
        <ul class="stops">
          {data.stopConditions.map((alarm) => (
            <li key={`${alarm.region}-${alarm.name}`} data-alarm={alarm.name}>
              <span class={`badge stop-${alarm.state}`}>{STOP_LABEL[alarm.state]}</span> {alarm.name}{' '}
              <span class="muted">{alarm.region}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Kill switch changes</h3>
      {killSwitch.data?.history.length === 0 && <p class="empty">The kill switch was never changed.</p>}
      <div class="events">
        {killSwitch.data?.history.map((event) => (
          <EventRow key={event.id} event={event} />
        ))}
      </div>
      {asking && (
        <Confirm
          title="Revert now?"
          confirmLabel={`Apply ${asking.spec.kind} now`}
          onClose={() => setAsking(null)}
          onConfirm={async () => {
            const result = await postJson<{ status: string; detail: string }>(`/api/v1/reverts/${asking.id}/run`, {});
            setDone(`${result.status}: ${result.detail}`);
            reload();
          }}
        >
          <p>
            Undo {asking.meta.appliedKind} on {asking.spec.resource} now
            {asking.dueAt ? `, before its deadline (${clock(asking.dueAt)})` : ''}.
          </p>
        </Confirm>
      )}
    </section>
  );
}

import { useState } from 'preact/hooks';
import type { FindingsView } from '../../core/http/dashboard/findings-view.js';
import { usePoll } from './api.js';
import { clock, relative } from './format.js';
import { Loading } from './loading.js';

const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** Findings of the report monkeys by severity and owner; the Janitor's marked resources with their dates. */
export function Findings() {
  const { data, error } = usePoll<FindingsView>('/api/v1/dashboard/findings', 15_000);
  const [severity, setSeverity] = useState('');
  const [owner, setOwner] = useState<string | null | undefined>(undefined);
  if (!data) return <Loading error={error} />;
  const shown = data.findings.filter(
    (finding) => (!severity || finding.severity === severity) && (owner === undefined || finding.owner === owner),
  );
  return (
    <section id="findings" class="panel">
      <header class="panel-head">
        <h2>Findings</h2>
        <p class="muted">the latest report of each rule on each resource</p>
      </header>
      <div class="cards severities">
        {SEVERITIES.map((level) => (
          <button
            type="button"
            key={level}
            class={`card severity ${level} ${severity === level ? 'selected' : ''}`}
            onClick={() => setSeverity(severity === level ? '' : level)}
            aria-pressed={severity === level}
          >
            <span class="count">{data.bySeverity[level]}</span> {level}
          </button>
        ))}
      </div>
      <div class="columns">
        <div>
          <h3>By owner</h3>
          {data.byOwner.length === 0 && <p class="empty">No findings.</p>}
          <table class="owners">
            <thead>
              <tr>
                <th>owner</th>
                {SEVERITIES.map((level) => (
                  <th key={level} class="num">
                    {level}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.byOwner.map((row) => (
                <tr key={row.owner ?? '-'} class={owner === row.owner ? 'selected' : ''}>
                  <th scope="row">
                    <button
                      type="button"
                      class="link"
                      onClick={() => setOwner(owner === row.owner ? undefined : row.owner)}
                    >
                      {row.owner ?? 'no owner'}
                    </button>
                  </th>
                  {SEVERITIES.map((level) => (
                    <td key={level} class={`num ${row.counts[level] > 0 ? level : 'muted'}`} title={level}>
                      {row.counts[level]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>Findings {severity || owner !== undefined ? '(filtered)' : ''}</h3>
          {shown.length === 0 && (
            <p class="empty">
              No findings{severity || owner !== undefined ? ' match' : ' yet: they appear when a report monkey runs'}.
            </p>
          )}
          <div class="events">
            {shown.map((finding) => (
              <details
                key={`${finding.monkey}-${finding.rule}-${finding.resource}`}
                class="event finding"
                data-rule={finding.rule}
              >
                <summary>
                  <span class={`badge severity ${finding.severity}`}>{finding.severity}</span>
                  <span class="monkey">{finding.monkey}</span>
                  <code>{finding.rule}</code>
                  <span class="desc">{finding.reason}</span>
                  <span class="where">
                    {finding.resource} · {finding.owner ?? 'no owner'} · {clock(finding.lastSeen)}
                  </span>
                </summary>
                <pre>{JSON.stringify(finding, null, 2)}</pre>
              </details>
            ))}
          </div>
        </div>
      </div>
      <h3>Marked by the Janitor</h3>
      {data.janitor.length === 0 ? (
        <p class="empty">
          No resources are marked for deletion (Janitor marks appear here, with their dates, once it runs).
        </p>
      ) : (
        <div class="scroll">
          <table class="janitor">
            <thead>
              <tr>
                <th>resource</th>
                <th>rule</th>
                <th>owner</th>
                <th>marked</th>
                <th>owner told</th>
                <th>deleted after</th>
              </tr>
            </thead>
            <tbody>
              {data.janitor.map((mark) => (
                <tr key={mark.resource} data-resource={mark.resource}>
                  <td>
                    {mark.resource} <span class="muted">{mark.resourceType}</span>
                  </td>
                  <td>{mark.rule}</td>
                  <td>{mark.owner}</td>
                  <td>{clock(mark.markedAt)}</td>
                  <td>
                    {mark.notifiedAt ? `${mark.notifiedOwner ?? 'unowned'} · ${clock(mark.notifiedAt)}` : 'not yet'}
                  </td>
                  <td>
                    {clock(mark.deleteAfter)} <span class="muted">{relative(mark.deleteAfter)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import type { FleetView } from '../../core/http/dashboard/fleet-view.js';
import type { InventoryGroup, InventoryRegion } from '../../core/run/fleet-inventory.js';
import { usePoll } from './api.js';
import { clock } from './format.js';
import { Loading } from './loading.js';

/** How uneven a group is across its zones (what Circus would rebalance): most minus fewest instances. */
function imbalance(group: InventoryGroup): number {
  const counts = Object.values(group.instancesPerZone);
  return counts.length < 2 ? 0 : Math.max(...counts) - Math.min(...counts);
}

function RegionMap({ region, monkeys }: { region: InventoryRegion; monkeys: readonly string[] }) {
  const zones = [...new Set(region.groups.flatMap((group) => Object.keys(group.instancesPerZone)))].sort();
  const inZone = (zone: string, eligibleFor?: string) =>
    region.groups
      .filter((group) => !eligibleFor || group.optIn[eligibleFor]?.eligible)
      .reduce((sum, group) => sum + (group.instancesPerZone[zone] ?? 0), 0);
  const gorilla = monkeys.includes('gorilla');
  return (
    <article class="region" data-region={region.region}>
      <h3>
        {region.region}{' '}
        <span class="muted">
          account {region.accountAlias ?? region.account} · {region.groups.length} groups · {region.instances} instances
          ({region.looseInstances} in no group)
        </span>
      </h3>
      <div class="scroll">
        <table class="fleet">
          <thead>
            <tr>
              <th>group</th>
              {zones.map((zone) => (
                <th key={zone} class="num" title={zone}>
                  <span class="wide">{zone}</span>
                  <span class="narrow">{zone.slice(region.region.length)}</span>
                </th>
              ))}
              <th class="num">spread</th>
            </tr>
          </thead>
          <tbody>
            {region.groups.map((group) => {
              const uneven = imbalance(group);
              return (
                <tr key={group.name} data-group={group.name}>
                  <th scope="row">
                    {group.name}
                    <span class="muted">
                      {' '}
                      {group.desired} desired ({group.min}–{group.max})
                    </span>
                    <div class="optin">
                      {monkeys.map((monkey) => {
                        const decision = group.optIn[monkey];
                        return (
                          <span
                            key={monkey}
                            class={`badge ${decision?.eligible ? 'in' : 'out'}`}
                            title={decision?.reason ?? ''}
                            data-monkey={monkey}
                          >
                            {decision?.eligible ? '✓' : '✗'} {monkey}
                          </span>
                        );
                      })}
                    </div>
                  </th>
                  {zones.map((zone) => {
                    const count = group.instancesPerZone[zone];
                    return (
                      <td key={zone} class={`num cell ${count === undefined ? 'absent' : count === 0 ? 'zero' : ''}`}>
                        {count ?? '—'}
                      </td>
                    );
                  })}
                  <td
                    class={`num ${uneven > 1 ? 'warn' : uneven === 1 ? 'muted' : ''}`}
                    title="most minus fewest instances per zone"
                  >
                    {uneven === 0 ? 'even' : `±${uneven}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">in groups</th>
              {zones.map((zone) => (
                <td key={zone} class="num">
                  {inZone(zone)}
                </td>
              ))}
              <td />
            </tr>
            {gorilla && (
              <tr class="gorilla">
                <th
                  scope="row"
                  title="instances of gorilla-eligible groups in each zone: what a gorilla run there would take"
                >
                  gorilla targets
                </th>
                {zones.map((zone) => (
                  <td key={zone} class="num">
                    {inZone(zone, 'gorilla')}
                  </td>
                ))}
                <td />
              </tr>
            )}
          </tfoot>
        </table>
      </div>
    </article>
  );
}

/** The fleet map: zones × groups with instance counts, spread, and each monkey's opt-in (reason on hover). */
export function Fleet() {
  const { data, error } = usePoll<FleetView>('/api/v1/dashboard/fleet', 30_000);
  if (!data) return <Loading error={error} />;
  return (
    <section id="fleet" class="panel">
      <header class="panel-head">
        <h2>Fleet map</h2>
        <p class="muted">
          read at {clock(data.takenAt)} (read-only inventory, refreshed at most every 30 s) · ✓ opted in, ✗ not (hover
          for why)
        </p>
      </header>
      {error && <p class="error">{error}</p>}
      {data.regions.map((region) => (
        <RegionMap key={region.region} region={region} monkeys={data.monkeys} />
      ))}
    </section>
  );
}

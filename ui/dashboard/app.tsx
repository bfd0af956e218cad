import { useEffect, useState } from 'preact/hooks';
import type { ContextView } from '../../core/http/dashboard/context-view.js';
import type { KillSwitchView } from '../../core/http/dashboard/killswitch-view.js';
import { usePoll } from './api.js';
import { Findings } from './findings.js';
import { Fleet } from './fleet.js';
import { showTimesIn } from './format.js';
import { KillSwitchControl } from './killswitch.js';
import { Loading } from './loading.js';
import { knowKinds } from './modes.js';
import { Safety } from './safety.js';
import { Timeline } from './timeline.js';
import { Today } from './today.js';

const TABS = {
  today: { label: 'Today', view: Today },
  timeline: { label: 'Timeline', view: Timeline },
  fleet: { label: 'Fleet', view: Fleet },
  findings: { label: 'Findings', view: Findings },
  safety: { label: 'Reverts', view: Safety },
} as const;
type Tab = keyof typeof TABS;

const tabOf = (hash: string): Tab => {
  const name = hash.replace(/^#/, '');
  return name in TABS ? (name as Tab) : 'today';
};

/** The game-day page: a header with the kill switch, then one tab at a time (kept in the URL's #). */
export function App() {
  const [tab, setTab] = useState<Tab>(tabOf(location.hash));
  const killSwitch = usePoll<KillSwitchView>('/api/v1/dashboard/killswitch', 3000);
  const basics = usePoll<ContextView>('/api/v1/dashboard/context', 300_000);
  useEffect(() => {
    const follow = () => setTab(tabOf(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  const View = TABS[tab].view;
  if (!basics.data) return <Loading error={basics.error} />;
  showTimesIn(basics.data.timezone);
  knowKinds(basics.data.kinds);
  return (
    <>
      <header class={`top ${killSwitch.data?.on ? 'stopped' : ''}`}>
        <div class="brand">
          <span class="logo" aria-hidden="true" />
          <h1>simian</h1>
          <span class="muted">game day · times in {basics.data.timezone}</span>
        </div>
        <KillSwitchControl state={killSwitch} />
      </header>
      <nav class="tabs" aria-label="sections">
        {(Object.keys(TABS) as Tab[]).map((name) => (
          <a
            key={name}
            href={`#${name}`}
            class={name === tab ? 'active' : ''}
            aria-current={name === tab ? 'page' : undefined}
          >
            {TABS[name].label}
          </a>
        ))}
        <a href="/queues" class="external">
          Queues ↗
        </a>
      </nav>
      <main>
        <View />
      </main>
    </>
  );
}

import { useState } from 'preact/hooks';
import type { KillSwitchView } from '../../core/http/dashboard/killswitch-view.js';
import { type Polled, postJson } from './api.js';
import { Confirm } from './confirm.js';
import { clock, relative } from './format.js';

/** The header's kill switch: its state with who, when and why, and the one button that flips it. */
export function KillSwitchControl({ state }: { state: Polled<KillSwitchView> }) {
  const [asking, setAsking] = useState(false);
  const view = state.data;
  if (!view)
    return <div class="killswitch unknown">{state.error ? `Kill switch: ${state.error}` : 'Kill switch…'}</div>;
  const turnOn = !view.on;
  return (
    <div class={`killswitch ${view.on ? 'on' : 'off'}`} data-state={view.on ? 'on' : 'off'}>
      <div class="killswitch-state">
        <strong>{view.on ? 'Kill switch ON' : 'Kill switch off'}</strong>
        <span class="killswitch-who" title={view.at ?? ''}>
          {view.at ? `${view.who ?? 'unknown'} · ${clock(view.at)} (${relative(view.at)})` : 'never set'}
        </span>
        {view.why && <span class="killswitch-why">{view.why}</span>}
      </div>
      <button type="button" class={turnOn ? 'danger' : 'primary'} onClick={() => setAsking(true)}>
        {turnOn ? 'Stop all actions' : 'Turn off'}
      </button>
      {asking && (
        <Confirm
          title={turnOn ? 'Turn the kill switch on?' : 'Turn the kill switch off?'}
          confirmLabel={turnOn ? 'Turn on: stop every action' : 'Turn off: actions may run again'}
          danger={turnOn}
          askReason
          onClose={() => setAsking(false)}
          onConfirm={async ({ reason, who }) => {
            await postJson('/api/v1/killswitch', { state: turnOn ? 'on' : 'off', reason, who });
            state.reload();
          }}
        >
          {turnOn ? (
            <p>Every worker refuses to start a new action until it is turned off. Reverts still run.</p>
          ) : (
            <p>Scheduled and planned runs may act again (armed runs only where the config allows it).</p>
          )}
        </Confirm>
      )}
    </div>
  );
}

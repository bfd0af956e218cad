import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { session } from './api.js';

export interface ConfirmProps {
  readonly title: string;
  readonly children: ComponentChildren;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  /** Ask for a reason (required) and who is acting. */
  readonly askReason?: boolean;
  readonly onConfirm: (input: { reason: string; who: string }) => Promise<void>;
  readonly onClose: () => void;
}

/**
 * A confirmation for a state-changing action: asks for the bearer token when this tab has none (kept in
 * sessionStorage), and for a reason when the action records one. Shows the server's refusal, if any.
 */
export function Confirm(props: ConfirmProps) {
  const [token, setToken] = useState('');
  const [reason, setReason] = useState('');
  const [who, setWho] = useState(session.who());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needsToken = !session.token();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (needsToken && token.trim() === '') return setError('The token (http.token) is required.');
    if (props.askReason && reason.trim() === '') return setError('Say why: the reason is recorded on the timeline.');
    if (needsToken) session.setToken(token.trim());
    if (who.trim()) session.setWho(who.trim());
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm({ reason: reason.trim(), who: who.trim() || 'dashboard' });
      props.onClose();
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : String(problem));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="dialog-title">
      <form class="dialog" onSubmit={submit}>
        <h2 id="dialog-title">{props.title}</h2>
        <div class="dialog-body">{props.children}</div>
        {props.askReason && (
          <>
            <label>
              Why
              <input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            </label>
            <label>
              Who
              <input name="who" value={who} placeholder="dashboard" onInput={(e) => setWho(e.currentTarget.value)} />
            </label>
          </>
        )}
        {needsToken && (
          <label>
            Token (asked once per tab)
            <input
              name="token"
              type="password"
              autoComplete="off"
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
          </label>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="ghost" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class={props.danger ? 'danger' : 'primary'} disabled={busy}>
            {busy ? 'Working…' : props.confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}

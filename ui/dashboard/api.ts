import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

const TOKEN_KEY = 'simian.token';
const WHO_KEY = 'simian.who';

/** The bearer token, asked once and kept for this tab only (sessionStorage). */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  setToken: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  forgetToken: () => sessionStorage.removeItem(TOKEN_KEY),
  who: (): string => sessionStorage.getItem(WHO_KEY) ?? '',
  setWho: (who: string) => sessionStorage.setItem(WHO_KEY, who),
};

/** A failed request, with the server's own sentence when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as ({ error?: string } & T) | null;
  if (!response.ok) throw new ApiError(response.status, body?.error ?? `${response.status} ${response.statusText}`);
  return body as T;
}

export async function getJson<T>(url: string): Promise<T> {
  return answer<T>(await fetch(url, { headers: { accept: 'application/json' } }));
}

/** A state-changing call with the session's token; a refused token is forgotten so the next try asks again. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token() ?? ''}` },
    body: JSON.stringify(body ?? {}),
  });
  if (response.status === 401) session.forgetToken();
  return answer<T>(response);
}

export interface Polled<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly reload: () => void;
}

/** GETs `url` now and every `everyMs` while mounted (and at once when `url` changes or `reload` is called). */
export function usePoll<T>(url: string, everyMs: number): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const load = useCallback(() => {
    const mine = ++generation.current;
    getJson<T>(url).then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(null);
      },
      (problem: unknown) => {
        if (mine === generation.current) setError(problem instanceof Error ? problem.message : String(problem));
      },
    );
  }, [url]);
  useEffect(() => {
    load();
    const timer = setInterval(load, everyMs);
    return () => clearInterval(timer);
  }, [load, everyMs]);
  return { data, error, reload: load };
}

import { redactUrls } from '../secret.js';
import { PermanentDeliveryError } from './channel.js';

/**
 * POSTs a JSON body; throws unless the receiver answers 2xx. 408, 429 and 5xx are worth retrying; another status
 * is permanent. The URL never appears in an error (a webhook URL is itself a credential).
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'simian-alert', ...headers },
      body,
      signal,
      redirect: 'error',
    });
  } catch (error) {
    // A try's deadline: the retry loop says how long it waited.
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    // fetch and undici may echo the URL in their messages: only the code, or the message with every URL cut out.
    const detail =
      cause?.code ?? redactUrls(cause?.message ?? (error instanceof Error ? error.message : String(error)));
    throw new Error(`no answer (${detail})`);
  }
  // Drain the body so the socket is reused; its text is not reported (a receiver may echo secrets).
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return;
  const message = `HTTP ${response.status}`;
  if (response.status === 408 || response.status === 429 || response.status >= 500) throw new Error(message);
  throw new PermanentDeliveryError(message);
}

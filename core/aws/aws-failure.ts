/**
 * AWS failures in words: which call failed and how, so "XML parse error" or a bare "connect ECONNREFUSED" never
 * reaches the user without saying it was AWS. Every client is labelled by a middleware (`labelAwsErrors`); the CLI
 * turns a labelled error into one sentence (`describeAwsFailure`).
 */

/** The AWS call an error came from. */
export interface AwsCall {
  /** "EC2", "AutoScaling", "STS" ... */
  readonly service: string;
  /** "DescribeInstances" */
  readonly operation: string;
  /** The endpoint override (--endpoint-url, AWS_ENDPOINT_URL), when there is one. */
  readonly endpoint?: string;
}

const CALL = Symbol.for('simian.awsCall');

/** Errors of the network, not of AWS: nothing answered. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);

/** Attaches the call to an error (not enumerable: logs and JSON stay as they were). */
export function labelAwsError<E>(error: E, call: AwsCall): E {
  if (typeof error === 'object' && error !== null && !(CALL in error) && Object.isExtensible(error)) {
    Object.defineProperty(error, CALL, { value: call, enumerable: false });
  }
  return error;
}

export function awsCallOf(error: unknown): AwsCall | undefined {
  return typeof error === 'object' && error !== null ? (error as { [CALL]?: AwsCall })[CALL] : undefined;
}

type Next = (args: unknown) => Promise<unknown>;

/** An initialize-step middleware that labels every error of a client's calls with the service and operation. */
export function labelAwsErrors(service: string, endpoint: () => string | undefined) {
  return (next: Next, context: { commandName?: string }) => async (args: unknown) => {
    try {
      return await next(args);
    } catch (error) {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      throw labelAwsError(error, { service, operation, endpoint: endpoint() });
    }
  };
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** The SDK's timeout message without its package prefix: "no answer within 15000 ms (aws.requestTimeout)". */
function timeoutDetail(message: string): string {
  const ms = /(\d+) ?ms/.exec(message)?.[1];
  if (/connection/i.test(message)) return `no connection within ${ms ?? '?'} ms (aws.connectTimeout)`;
  return `no answer within ${ms ?? '?'} ms (aws.requestTimeout)`;
}

/** The SDK could not read the answer as AWS's (an HTML error page, a proxy's answer). */
function isUnreadableAnswer(error: SdkErrorShape): boolean {
  return /Deserialization error|XML parse error|JSON parse|Unexpected token/i.test(error.message ?? '');
}

function unreadableHint(status: number, call: AwsCall): string {
  if (status >= 500) {
    return call.endpoint ? ' (not implemented by this endpoint?)' : ' (a failure on the AWS side; try again later)';
  }
  return ' with a page that is not an AWS answer (a proxy, or another service at this endpoint?)';
}

/** One sentence for an AWS failure that its own message would explain badly; undefined for any other error. */
export function describeAwsFailure(error: unknown): string | undefined {
  const call = awsCallOf(error);
  if (!call) return undefined;
  const failure = error as SdkErrorShape;
  const what = `${call.service} ${call.operation}`;
  if (failure.name === 'TimeoutError') {
    const where = call.endpoint ? ` at ${call.endpoint}` : '';
    const attempts = failure.$metadata?.attempts;
    const tries = attempts && attempts > 1 ? ` (${attempts} attempts)` : '';
    return `AWS ${what}${where} did not answer in time${tries}: ${timeoutDetail(failure.message ?? '')}`;
  }
  if (failure.code && CONNECTION_CODES.has(failure.code)) {
    const where =
      call.endpoint ??
      failure.hostname ??
      (failure.address ? `${failure.address}:${failure.port ?? ''}` : undefined) ??
      `the ${call.service} endpoint`;
    return `cannot reach AWS at ${where} (${what}): ${failure.message ?? failure.code}`;
  }
  const status = failure.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && isUnreadableAnswer(failure)) {
    return `AWS ${what} answered HTTP ${status}${unreadableHint(status, call)}`;
  }
  return undefined;
}

/** The AWS sentence for an error or any error it wraps (`cause`), if one of them is an AWS failure. */
export function describeAwsFailureIn(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const sentence = describeAwsFailure(current);
    if (sentence) return sentence;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

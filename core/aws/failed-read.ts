import type { FailedRead } from '../fleet/model.js';
import { awsCallOf } from './aws-failure.js';

/**
 * A failed listing in words: the AWS call it came from (else `calls`, what the listing calls: its permissions), and
 * the error's name and message.
 */
export function failedReadOf(type: string, error: unknown, calls?: string): FailedRead {
  const call = awsCallOf(error);
  const failure = error as { name?: string; message?: string } | undefined;
  const name = failure?.name && failure.name !== 'Error' ? `${failure.name}: ` : '';
  return {
    type,
    call: call ? `${call.service} ${call.operation}` : (calls ?? type),
    reason: `${name}${failure?.message ?? String(error)}`,
  };
}

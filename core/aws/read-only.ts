import { SimianError } from '../errors.js';

/** Operations a read-only client lets through: the names AWS gives to calls that only read. */
export const READ_ONLY_OPERATION = /^(Describe|List|Get)[A-Z]/;

export function isReadOnlyOperation(operation: string): boolean {
  return READ_ONLY_OPERATION.test(operation);
}

/**
 * A read-only client was asked to send a call that may change AWS (anything not Describe*, List* or Get*). It is
 * raised before the request is built, so the call never leaves the process. A bug, never a condition to retry.
 */
export class ReadOnlyViolation extends SimianError {
  constructor(
    readonly service: string,
    readonly operation: string,
  ) {
    super(`read-only AWS client refused ${service}:${operation} (only Describe*, List* and Get* calls are allowed)`, 1);
  }
}

type Next = (args: unknown) => Promise<unknown>;

/** SDK middleware that refuses every operation but reads; placed first in the stack, before the call counter. */
export function readOnlyMiddleware(service: string) {
  return (next: Next, context: { commandName?: string }) => (args: unknown) => {
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    if (!isReadOnlyOperation(operation)) return Promise.reject(new ReadOnlyViolation(service, operation));
    return next(args);
  };
}

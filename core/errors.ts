/** Errors that the CLI turns into one sentence on stderr and a contract exit code. */
export class SimianError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 3 | 130,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input or config: nothing was done (exit 2). */
export class InputError extends SimianError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A safety guard refused the run (exit 3). */
export class RefusedError extends SimianError {
  constructor(
    readonly guard: string,
    message: string,
  ) {
    super(message, 3);
  }
}

/** Something failed while acting (exit 1). */
export class RuntimeFailure extends SimianError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** The person stopped the command with Ctrl-C before anything was done (exit 130, as a shell reports SIGINT). */
export class InterruptedError extends SimianError {
  constructor(message: string) {
    super(message, 130);
  }
}

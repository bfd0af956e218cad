import type { Logger } from 'pino';

/** Something a long-running command must release on the way out (Redis, queues, workers, the HTTP server). */
export interface Releaser {
  readonly name: string;
  release(): Promise<void>;
}

export interface LifecycleOptions {
  readonly logger: Logger;
  /** Past this, a shutdown that still hangs ends the process anyway (exit 1). */
  readonly forceAfterMs: number;
  /** How the process ends; tests pass their own. */
  readonly exit?: (code: number) => void;
}

/**
 * The one graceful-shutdown path of every long-running command: releasers run in reverse order of registration
 * (the HTTP server, then workers, then queues, then Redis), every one runs even if an earlier one failed, and the
 * first error is kept. A second signal, or a shutdown hanging past the limit, forces the exit.
 */
export class Lifecycle {
  private readonly releasers: Releaser[] = [];
  private stopping: Promise<Error | undefined> | undefined;
  private resolveDone!: () => void;
  /** Settles once shutdown has finished (long-running commands await it). */
  readonly done = new Promise<void>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(private readonly options: LifecycleOptions) {}

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Registers a resource; the last one added is released first. */
  add(name: string, release: () => Promise<void>): void {
    this.releasers.push({ name, release });
  }

  /** Releases everything once (later calls return the first call's result): the first error, if any. */
  shutdown(reason: string): Promise<Error | undefined> {
    this.stopping ??= this.releaseAll(reason);
    return this.stopping;
  }

  /** Shuts down on SIGTERM/SIGINT, then exits 0 (1 if a release failed); a second signal exits at once. */
  handleSignals(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
    const exit = this.options.exit ?? ((code: number) => process.exit(code));
    for (const signal of signals) {
      process.on(signal, () => {
        if (this.isStopping) {
          this.options.logger.warn({ signal }, 'second signal: exiting now');
          exit(1);
          return;
        }
        const force = setTimeout(() => {
          this.options.logger.error({ afterMs: this.options.forceAfterMs }, 'shutdown hangs: forcing exit');
          exit(1);
        }, this.options.forceAfterMs);
        force.unref();
        void this.shutdown(signal).then((error) => {
          clearTimeout(force);
          exit(error ? 1 : 0);
        });
      });
    }
  }

  private async releaseAll(reason: string): Promise<Error | undefined> {
    this.options.logger.info({ reason }, 'shutting down');
    let first: Error | undefined;
    for (const releaser of [...this.releasers].reverse()) {
      try {
        await releaser.release();
      } catch (error) {
        const wrapped = error instanceof Error ? error : new Error(String(error));
        this.options.logger.error({ err: wrapped, resource: releaser.name }, 'release failed');
        first ??= wrapped;
      }
    }
    this.options.logger.info('stopped');
    this.resolveDone();
    return first;
  }
}

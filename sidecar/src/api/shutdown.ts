// Graceful shutdown for Kubernetes: on SIGTERM stop accepting, let in-flight requests finish, run the
// onClose hooks (job schedulers, the store), then exit 0. A second signal or the deadline forces exit 1,
// so a stuck hook can never keep a terminating pod alive past its grace period.
import type { FastifyInstance } from 'fastify';

export interface CloseGracefullyOptions {
  signals?: NodeJS.Signals[];
  /** Deadline for the whole shutdown; keep it below the pod's terminationGracePeriodSeconds. */
  timeoutMs?: number;
  /** Runs after the server has closed and Fastify's own onClose hooks have run. */
  onClose?: () => void | Promise<void>;
  /** Injectable for tests; defaults to process.exit. */
  exit?: (code: number) => void;
}

/** Installs the signal handlers; returns a function that removes them. */
export function closeGracefully(app: FastifyInstance, options: CloseGracefullyOptions = {}): () => void {
  const { signals = ['SIGTERM', 'SIGINT'], timeoutMs = 10_000, onClose, exit = (code) => process.exit(code) } = options;
  let closing = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      app.log.warn({ signal }, 'second signal during shutdown; forcing exit');
      exit(1);
      return;
    }
    closing = true;
    app.log.info({ signal, timeoutMs }, 'shutting down: finishing in-flight requests');
    const deadline = setTimeout(() => {
      app.log.error({ timeoutMs }, 'shutdown timed out; forcing exit');
      exit(1);
    }, timeoutMs);
    void (async () => {
      try {
        await app.close();
        await onClose?.();
        clearTimeout(deadline);
        app.log.info('shutdown complete');
        exit(0);
      } catch (error) {
        clearTimeout(deadline);
        app.log.error({ err: error }, 'shutdown failed');
        exit(1);
      }
    })();
  };

  for (const signal of signals) {process.on(signal, onSignal);}
  return () => {
    for (const signal of signals) {process.off(signal, onSignal);}
  };
}

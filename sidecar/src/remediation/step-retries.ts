// Running one step with retries: a step that fails with a retryable BackendError (a 429, a 5xx, a timeout) is tried
// again with backoff, with the very same arguments. A non-idempotent step is only tried again after the backend says
// the failed try did not take effect — a timeout may hide a deletion that happened — and when the backend cannot
// say, the step fails rather than risk running twice.
import { setTimeout as sleep } from 'node:timers/promises';
import { BackendError, type RemediationBackend, type StepSpec } from './backend.ts';

/** How a step that failed with a retryable BackendError is tried again (same step, same arguments). */
export interface StepRetry {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubled before each further one. */
  backoffMs: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_STEP_RETRY: StepRetry = { attempts: 3, backoffMs: 2_000, sleep: (ms) => sleep(ms) };

/** The step as the backend sees it: no progress fields. */
export function specOf(step: StepSpec): StepSpec {
  return { name: step.name, op: step.op, args: step.args, idempotent: step.idempotent };
}

/** Runs the step, retrying as above; resolves to its detail line, rejects with the last error. */
export async function runWithRetries(backend: RemediationBackend, step: StepSpec, retry: StepRetry): Promise<string> {
  const spec = specOf(step);
  for (let attempt = 1; ; attempt++) {
    try {
      return await backend.run(spec);
    } catch (error) {
      if (!(error instanceof BackendError) || !error.retryable || attempt >= retry.attempts) {
        throw error;
      }
      await retry.sleep(retry.backoffMs * 2 ** (attempt - 1));
      if (!step.idempotent) {
        const took = await backend.tookEffect(spec).catch(() => 'unknown' as const);
        if (took === true) {
          return `took effect although try ${attempt} reported: ${error.message}`;
        }
        if (took === 'unknown') {
          throw new Error(
            `${error.message}; whether it took effect is unknown, so it is not run again — check by hand`,
            { cause: error }
          );
        }
      }
    }
  }
}

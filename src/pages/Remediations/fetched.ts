import { sceneGraph, type SceneObject } from '@grafana/scenes';
import { SidecarRequestError, toSidecarError } from '../../api/sidecarClient';

/**
 * One sidecar answer held in a scene's state. The remediation pages read the typed client directly rather than
 * through the sidecar datasource: a proposal is one nested record (steps, decision, preview) a person reads, not
 * rows for a panel, and the approve/reject buttons must refetch it after a decision.
 */
export interface Fetched<T> {
  value?: T;
  /** The readable error of the last attempt; the last good value stays shown beside it. */
  error?: string;
  /** HTTP status of the failed attempt (404: the id is unknown). */
  status?: number;
  loading: boolean;
}

export const notFetched = <T>(): Fetched<T> => ({ loading: true });

/**
 * Runs fetches and keeps only the newest answer: a slow answer overtaken by a later fetch (a filter changed, a
 * refresh) is dropped instead of overwriting the newer one.
 */
export class LatestOnly<T> {
  private seq = 0;

  constructor(
    private readonly read: () => Fetched<T>,
    private readonly write: (next: Fetched<T>) => void
  ) {}

  async run(fetch: () => Promise<T>): Promise<void> {
    const mine = ++this.seq;
    this.write({ ...this.read(), loading: true });
    try {
      const value = await fetch();
      if (mine === this.seq) {
        this.write({ value, loading: false });
      }
    } catch (err) {
      if (mine === this.seq) {
        const error = asSidecarError(err);
        this.write({ ...this.read(), error: error.message, status: error.status, loading: false });
      }
    }
  }

  /** Forget in-flight fetches (the scene was deactivated). */
  cancel(): void {
    this.seq += 1;
  }
}

/** The client already throws SidecarRequestError; anything else (a bug, a bare fetch) is turned into one. */
export const asSidecarError = (err: unknown) => (err instanceof SidecarRequestError ? err : toSidecarError(err));

/**
 * Loads when the scene activates and again whenever its time range changes (the time picker and the refresh picker
 * both change it); on deactivation stops listening and calls `stop` (cancel in-flight fetches, timers).
 */
export function loadWhileActive(scene: SceneObject, load: () => void, stop: () => void): void {
  scene.addActivationHandler(() => {
    load();
    const refreshes = sceneGraph.getTimeRange(scene).subscribeToState(() => load());
    return () => {
      refreshes.unsubscribe();
      stop();
    };
  });
}

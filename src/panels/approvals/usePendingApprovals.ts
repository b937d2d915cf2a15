import { useCallback, useEffect, useRef, useState } from 'react';
import { sidecarClient } from '../../api/sidecarClient';
import type { RemediationList, RemediationProposal, WhoAmI } from '../../api/types';
import { asSidecarError, Fetched } from '../../pages/Remediations/fetched';

export interface PendingApprovals {
  list: Fetched<RemediationList>;
  whoami?: WhoAmI;
  reload: () => void;
}

/**
 * The proposals waiting for a decision, fetched again whenever `refreshKey` changes (the dashboard's refresh
 * moves its time range) and after a decision; only the newest answer is kept.
 */
export function usePendingApprovals(refreshKey: unknown): PendingApprovals {
  const [list, setList] = useState<Fetched<RemediationList>>({ loading: true });
  const [whoami, setWhoami] = useState<WhoAmI>();
  const [reloads, setReloads] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    // The last answer stays shown while the next one is on its way.
    const mine = ++seq.current;
    sidecarClient
      .listRemediations({ state: ['proposed'] })
      .then((value) => mine === seq.current && setList({ value, loading: false }))
      .catch((err) => {
        if (mine === seq.current) {
          const error = asSidecarError(err);
          setList((previous) => ({ ...previous, error: error.message, status: error.status, loading: false }));
        }
      });
  }, [refreshKey, reloads]);

  useEffect(() => {
    let live = true;
    sidecarClient
      .whoami()
      .then((w) => live && setWhoami(w))
      // Unknown identity: the buttons stay and the server answers.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { list, whoami, reload };
}

/** Waiting proposals for the panel: still open, in the namespace when one is set, soonest expiry first. */
export function pendingFor(proposals: RemediationProposal[], namespace: string, now: number): RemediationProposal[] {
  const ns = namespace.trim();
  return proposals
    .filter((p) => p.state === 'proposed' && p.expiresAt > now && (!ns || p.target.namespace === ns))
    .sort((a, b) => a.expiresAt - b.expiresAt);
}

import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Observable } from 'rxjs';
import type { GrafanaRole, RemediationProposal, WhoAmI } from '../../api/types';
import { FakeAnswer, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';

/** GET /api/whoami for a user with this role (test double). */
export function whoamiAs(role: GrafanaRole): WhoAmI {
  return {
    authenticated: true,
    user: { uid: `${role}-uid`, login: role.toLowerCase(), email: '', name: role, role, orgId: 1 },
  };
}

export const decisionUrl = (id: string, decision: 'approve' | 'reject') =>
  `POST ${PROXY}/remediations/${id}/${decision}`;

/**
 * A test double of Grafana's plugin proxy in front of the sidecar for the remediation pages: the canned routes of
 * fakeSidecarBackend, which a test may change while it runs (after a decision the proposal reads differently),
 * and POSTs that can be held in flight until the test releases them (to see the buttons while a request is out).
 */
export function fakeRemediationBackend(routes: Record<string, FakeAnswer>) {
  const fake = fakeSidecarBackend(routes);
  const posts: BackendSrvRequest[] = [];
  const held: Array<() => void> = [];
  let holding = false;
  const fetch = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => {
    if (options.method !== 'POST') {
      return fake.backend.fetch<T>(options);
    }
    posts.push(options);
    if (!holding) {
      return fake.backend.fetch<T>(options);
    }
    return new Observable<FetchResponse<T>>((subscriber) => {
      held.push(() => fake.backend.fetch<T>(options).subscribe(subscriber));
    });
  };
  return {
    backend: { fetch } as unknown as BackendSrv,
    /** Every GET and released POST, in order. */
    requests: fake.requests,
    /** Every POST, held or not. */
    posts,
    routes,
    holdPosts: () => {
      holding = true;
    },
    releasePosts: () => {
      holding = false;
      held.splice(0).forEach((release) => release());
    },
    /** From now on GET /remediations/:id answers this proposal. */
    serveProposal: (proposal: RemediationProposal) => {
      routes[`${PROXY}/remediations/${proposal.id}`] = ok(proposal);
    },
  };
}

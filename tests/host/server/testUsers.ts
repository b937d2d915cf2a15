// The signed-in user of the test host: one of three users of org 1, chosen per browser context by the cookie
// `grafana_test_user=viewer|editor|admin` (no cookie: admin, like Grafana's first user). Shapes follow Grafana's
// signed-in user; the uids are fixed so tests can assert on them.
import type { IncomingHttpHeaders } from 'node:http';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';
export type TestUserKey = 'viewer' | 'editor' | 'admin';

export interface TestUser {
  key: TestUserKey;
  id: number;
  uid: string;
  login: string;
  email: string;
  name: string;
  orgId: number;
  orgRole: OrgRole;
  /** Grafana server admin (not an org role); only the admin user. */
  isGrafanaAdmin: boolean;
}

export const TEST_USER_COOKIE = 'grafana_test_user';
export const DEFAULT_TEST_USER: TestUserKey = 'admin';

export const TEST_USERS: Readonly<Record<TestUserKey, TestUser>> = {
  viewer: {
    key: 'viewer',
    id: 2,
    uid: 'test-viewer-uid',
    login: 'viewer',
    email: 'viewer@example.com',
    name: 'Vera Viewer',
    orgId: 1,
    orgRole: 'Viewer',
    isGrafanaAdmin: false,
  },
  editor: {
    key: 'editor',
    id: 3,
    uid: 'test-editor-uid',
    login: 'editor',
    email: 'editor@example.com',
    name: 'Eddie Editor',
    orgId: 1,
    orgRole: 'Editor',
    isGrafanaAdmin: false,
  },
  admin: {
    key: 'admin',
    id: 1,
    uid: 'test-admin-uid',
    login: 'admin',
    email: 'admin@example.com',
    name: 'Ada Admin',
    orgId: 1,
    orgRole: 'Admin',
    isGrafanaAdmin: true,
  },
};

/** A Cookie header value selecting a user, e.g. for fetch or Playwright's `context.addCookies`. */
export function testUserCookie(key: TestUserKey): string {
  return `${TEST_USER_COOKIE}=${key}`;
}

export class UnknownTestUserError extends Error {
  override name = 'UnknownTestUserError';
  /** Fastify answers a thrown error with this status. */
  readonly statusCode = 400;
}

/**
 * The user a request is signed in as. A cookie naming no known user is an error rather than a silent admin,
 * so a mistyped cookie in a test cannot pass as the most privileged user.
 */
export function userFromRequest(req: { headers: IncomingHttpHeaders }): TestUser {
  const value = cookieValue(req.headers.cookie, TEST_USER_COOKIE);
  if (value === undefined || value === '') {
    return TEST_USERS[DEFAULT_TEST_USER];
  }
  if (!Object.hasOwn(TEST_USERS, value)) {
    throw new UnknownTestUserError(
      `unknown test user "${value}" in cookie ${TEST_USER_COOKIE} (expected ${Object.keys(TEST_USERS).join(', ')})`
    );
  }
  return TEST_USERS[value as TestUserKey];
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return undefined;
}

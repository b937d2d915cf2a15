// Verifies the identity token Grafana's plugin proxy forwards as X-Grafana-Id: an ES256 JWT Grafana signs with a
// key it publishes at <grafana>/api/signing-keys/keys (pkg/services/auth/idimpl in Grafana). Claims, as Grafana
// sets them: iss = Grafana's root URL (always with a trailing slash), aud = "org:<orgId>" (a string, not an array),
// sub = "user:<uid>" (or "service-account:<uid>"), exp = iat + 10 minutes, and the header carries `typ: "jwt"`.
// User claims: username (the login), email, name, role ("Viewer" | "Editor" | "Admin" | "None"; Grafana 12+).
//
// Only this header is trusted for who the caller is. X-Grafana-User and X-Grafana-Context are unsigned and ignored.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config/config-types.ts';
import { isApiRequest } from './auth.ts';
import type { GrafanaRole, GrafanaUser } from './contract.ts';
import { apiError } from './errors.ts';

export const GRAFANA_ID_HEADER = 'x-grafana-id';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller as Grafana vouched for it in X-Grafana-Id; null when absent or verification is not configured. */
    grafanaIdentity: GrafanaUser | null;
  }
}

export type IdentityResult =
  { ok: true; identity: GrafanaUser } | { ok: false; statusCode: 401 | 503; message: string };

export interface IdentityVerifierOptions {
  /** Grafana's root URL: the expected issuer, with or without a trailing slash. */
  url: string;
  orgId: number;
  jwksUrl: string;
  /** Bound on one fetch of the key set; defaults to 5 s. */
  jwksTimeoutMs?: number;
}

export type IdentityVerifier = (token: string | undefined) => Promise<IdentityResult>;

const ROLES: readonly GrafanaRole[] = ['Viewer', 'Editor', 'Admin', 'None'];
const SUBJECT = /^(user|service-account):(.+)$/;

/** Thrown by the key lookup when Grafana's key set cannot be fetched: the caller's token may be fine. */
class KeySetUnavailable extends Error {}

export function createIdentityVerifier(options: IdentityVerifierOptions): IdentityVerifier {
  const root = options.url.replace(/\/+$/, '');
  const issuers = [root, `${root}/`];
  const audience = `org:${options.orgId}`;
  const remoteKeys = createRemoteJWKSet(new URL(options.jwksUrl), {
    timeoutDuration: options.jwksTimeoutMs ?? 5_000,
    // Grafana rotates its key monthly and keeps the old one for 30 days; an unknown kid refetches after the cooldown.
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remoteKeys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) {
        throw error;
      }
      throw new KeySetUnavailable(describeFetchError(error), { cause: error });
    }
  };

  return async (token) => {
    if (!token) {
      return unauthorized(
        "missing X-Grafana-Id header: call the API through Grafana's plugin proxy (ID forwarding must be enabled)"
      );
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms: ['ES256'],
        issuer: issuers,
        audience,
        typ: 'jwt',
        requiredClaims: ['exp', 'sub'],
        // go-jose, which Grafana's own verifiers use, allows one minute of clock skew.
        clockTolerance: 60,
      }));
    } catch (error) {
      return failure(error, { issuer: `${root}/`, audience, jwksUrl: options.jwksUrl });
    }
    return fromClaims(payload, options.orgId);
  };
}

function fromClaims(payload: JWTPayload, orgId: number): IdentityResult {
  const subject = SUBJECT.exec(payload.sub ?? '');
  if (!subject) {
    return unauthorized(`X-Grafana-Id token is not for a user or service account (sub "${payload.sub}")`);
  }
  const text = (name: string) => (typeof payload[name] === 'string' ? (payload[name] as string) : '');
  const role = ROLES.find((r) => r === payload.role) ?? 'None';
  return {
    ok: true,
    identity: {
      uid: subject[2],
      login: text('username'),
      email: text('email'),
      name: text('name'),
      // Grafana before 12 sends no role claim: treat the caller as having no org role rather than guessing.
      role,
      orgId,
    },
  };
}

function failure(error: unknown, expected: { issuer: string; audience: string; jwksUrl: string }): IdentityResult {
  if (error instanceof KeySetUnavailable) {
    return {
      ok: false,
      statusCode: 503,
      message: `cannot verify X-Grafana-Id: Grafana's signing keys at ${expected.jwksUrl} are unavailable (${error.message})`,
    };
  }
  if (error instanceof errors.JWTExpired) {
    return unauthorized('X-Grafana-Id token expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return unauthorized(`X-Grafana-Id token has the wrong audience (expected "${expected.audience}")`);
      case 'iss':
        return unauthorized(`X-Grafana-Id token has the wrong issuer (expected "${expected.issuer}")`);
      case 'typ':
        return unauthorized('X-Grafana-Id token is not an ID token (header typ must be "jwt")');
      default:
        return unauthorized(`X-Grafana-Id token has an invalid "${error.claim}" claim (${error.reason})`);
    }
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return unauthorized('X-Grafana-Id token is signed with a key Grafana does not publish (bad signature)');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return unauthorized('X-Grafana-Id token has a bad signature');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return unauthorized('X-Grafana-Id token is not signed with ES256');
  }
  return unauthorized('X-Grafana-Id header is not a well-formed token');
}

function describeFetchError(error: unknown): string {
  if (error instanceof errors.JWKSTimeout) {
    return 'request timed out';
  }
  if (error instanceof errors.JWKSInvalid) {
    return 'response is not a JSON Web Key Set';
  }
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return cause ?? (error instanceof Error ? error.message : String(error));
}

const unauthorized = (message: string): IdentityResult => ({ ok: false, statusCode: 401, message });

/** The X-Grafana-Id mode the app runs in, from config. */
export type IdentityMode = 'off' | 'required' | 'optional';

export function identityMode(config: Config): IdentityMode {
  if (!config.grafana.url) {
    return 'off';
  }
  return config.grafana.requireIdentity ? 'required' : 'optional';
}

/**
 * onRequest hook for /api/*, run after the bearer-token check. `required`: no valid token, no access.
 * `optional`: requests without the header pass unauthenticated, but a header that is present must verify.
 */
export function requireGrafanaIdentity(verify: IdentityVerifier, mode: Exclude<IdentityMode, 'off'>) {
  return async function checkGrafanaIdentity(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!isApiRequest(request)) {
      return;
    }
    const header = request.headers[GRAFANA_ID_HEADER];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token && mode === 'optional') {
      return;
    }
    const result = await verify(token);
    if (result.ok) {
      request.grafanaIdentity = result.identity;
      // Every later line of this request (including "request completed") names the Grafana user.
      request.log = request.log.child({ login: result.identity.login });
      reply.log = request.log;
      return;
    }
    request.log.info({ reason: result.message }, 'Grafana identity rejected');
    await reply.code(result.statusCode).send(apiError(result.statusCode, result.message));
  };
}

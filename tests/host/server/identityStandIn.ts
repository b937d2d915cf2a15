// Stand-in for Grafana's ID token signer and its published keys (pkg/services/auth/idimpl and
// pkg/services/signingkeys in Grafana). Grafana signs, for each signed-in user, an ES256 JWT its plugin proxy
// forwards as X-Grafana-Id, and serves the public keys without authentication at /api/signing-keys/keys.
// Token shape, as Grafana builds it:
//   header  {alg: "ES256", kid: "id-<yyyy-mm>-es256", typ: "jwt"}
//   claims  iss = root URL with a trailing slash (Grafana's AppURL), aud = "org:<orgId>" (a string: go-jose writes
//           a one-element audience as a string), sub = "user:<uid>", iat, exp = iat + 10 minutes,
//           namespace ("default" for org 1), identifier (uid), type ("user"), email, email_verified,
//           authenticatedBy, username (login), name, role (the org role; Grafana 12+).
// The key pair is generated when the stand-in is created, so tokens from an earlier run never verify.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TestUser } from './testUsers.ts';

/** Grafana's ID tokens live 10 minutes (tokenTTL in idimpl). */
export const ID_TOKEN_TTL_SECONDS = 600;

export interface EcPublicJwk {
  use: 'sig';
  kty: 'EC';
  kid: string;
  crv: 'P-256';
  alg: 'ES256';
  x: string;
  y: string;
}

export interface JsonWebKeySet {
  keys: EcPublicJwk[];
}

export interface SignIdTokenOptions {
  /** Issue time in epoch seconds; defaults to now. */
  issuedAt?: number;
  /** Lifetime in seconds; defaults to Grafana's 10 minutes. */
  expiresIn?: number;
}

export interface IdentityStandIn {
  readonly kid: string;
  /** The issuer tokens carry: the root URL with a trailing slash, as Grafana's AppURL always has. */
  issuer(): string;
  /** The body Grafana serves at GET /api/signing-keys/keys. */
  jwks(): JsonWebKeySet;
  /** A token shaped like Grafana's X-Grafana-Id for this user. */
  signIdToken(user: TestUser, options?: SignIdTokenOptions): Promise<string>;
}

export interface IdentityStandInOptions {
  /** The host's root URL, or a function giving it (when the port is known only after listening). */
  rootUrl: string | (() => string);
  /** The month in the key id; defaults to now. */
  now?: () => Date;
}

export function createIdentityStandIn(options: IdentityStandInOptions): IdentityStandIn {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = options.now ?? (() => new Date());
  const kid = `id-${now().toISOString().slice(0, 7)}-es256`;
  const jwk = publicJwk(publicKey, kid);
  const rootUrl = typeof options.rootUrl === 'function' ? options.rootUrl : () => options.rootUrl as string;
  const issuer = () => `${rootUrl().replace(/\/+$/, '')}/`;

  return {
    kid,
    issuer,
    jwks: () => ({ keys: [{ ...jwk }] }),
    async signIdToken(user, signOptions = {}) {
      const iat = signOptions.issuedAt ?? Math.floor(now().getTime() / 1000);
      return new SignJWT({
        aud: `org:${user.orgId}`,
        exp: iat + (signOptions.expiresIn ?? ID_TOKEN_TTL_SECONDS),
        iat,
        iss: issuer(),
        sub: `user:${user.uid}`,
        namespace: user.orgId === 1 ? 'default' : `org-${user.orgId}`,
        identifier: user.uid,
        type: 'user',
        email: user.email,
        email_verified: true,
        authenticatedBy: 'password',
        username: user.login,
        name: user.name,
        role: user.orgRole,
      })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'jwt' })
        .sign(privateKey);
    },
  };
}

function publicJwk(key: KeyObject, kid: string): EcPublicJwk {
  const { x, y } = key.export({ format: 'jwk' });
  if (!x || !y) {
    throw new Error('identityStandIn: exported EC key has no coordinates');
  }
  // Field order as go-jose marshals a JSONWebKey.
  return { use: 'sig', kty: 'EC', kid, crv: 'P-256', alg: 'ES256', x, y };
}

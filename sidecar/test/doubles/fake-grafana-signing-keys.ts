// Test double for Grafana's signing keys: a local HTTP server publishing an ES256 public key at
// /api/signing-keys/keys (the JSON shape Grafana serves), and a signer of X-Grafana-Id tokens shaped like
// Grafana's (pkg/services/auth/idimpl): header {alg: ES256, kid, typ: "jwt"}; iss = root URL with a trailing
// slash; aud = "org:<id>" as a string; sub = "user:<uid>"; 10 minutes validity; username, email, name, role, ….
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface FakeGrafanaUser {
  uid: string;
  login: string;
  email: string;
  name: string;
  role?: 'Viewer' | 'Editor' | 'Admin' | 'None';
}

export interface SignOptions {
  /** Claims to add or replace (undefined removes one). */
  claims?: Record<string, unknown>;
  /** Seconds from now until exp; negative for an already expired token. Default 600 (Grafana's 10 minutes). */
  expiresIn?: number;
  /** Sign with this key instead of the published one (the kid stays the published one unless `kid` is set). */
  key?: CryptoKey;
  kid?: string;
  typ?: string;
}

export interface FakeGrafanaSigningKeys {
  /** The fake Grafana's root URL, with a trailing slash like Grafana's own root_url. */
  url: string;
  kid: string;
  /** How many times the key set was fetched. */
  fetches: number;
  sign(user: FakeGrafanaUser, options?: SignOptions): Promise<string>;
  /** A key pair Grafana does not publish. */
  otherKey(): Promise<CryptoKey>;
  close(): Promise<void>;
}

export async function fakeGrafanaSigningKeys(): Promise<FakeGrafanaSigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `id-${new Date().toISOString().slice(0, 7)}-es256`;
  const jwk: JWK = { use: 'sig', ...(await exportJWK(publicKey)), kid, alg: 'ES256' };
  const double = { fetches: 0 } as FakeGrafanaSigningKeys;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/api/signing-keys/keys') {
      double.fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return Object.assign(double, {
    url,
    kid,
    async sign(user: FakeGrafanaUser, options: SignOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        aud: 'org:1',
        exp: now + (options.expiresIn ?? 600),
        iat: now,
        iss: url,
        sub: `user:${user.uid}`,
        namespace: 'default',
        identifier: user.uid,
        type: 'user',
        email: user.email,
        email_verified: true,
        authenticatedBy: 'password',
        username: user.login,
        name: user.name,
        role: user.role ?? 'Viewer',
        ...options.claims,
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? kid, typ: options.typ ?? 'jwt' })
        .sign(options.key ?? privateKey);
    },
    async otherKey() {
      return (await generateKeyPair('ES256')).privateKey;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

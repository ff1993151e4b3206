import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { JSONWebKeySet } from './tokens.ts';

/** What introspection answers for a key the fake knows. */
export interface KeyGrant {
  /** The JWT identity would mint for the key (signed by a key in the JWKS). */
  accessToken: string;
  expiresIn: number;
}

/**
 * Identity as the gateway sees it, on 127.0.0.1: `/.well-known/jwks.json` (keys can be added —
 * a rotation), `POST /api-keys/introspect` (keys can be revoked), `GET /users/me` (the profile of
 * the bearer's `sub`, unverified: the gateway already checked it), and a healthy `/health/ready`.
 */
export interface FakeIdentity {
  url: string;
  jwksUrl: string;
  keys: JSONWebKeySet['keys'];
  apiKeys: Map<string, KeyGrant>;
  introspections: number;
  jwksFetches: number;
  /** Requests that reached `/users/me`, with the `Authorization` they carried. */
  profileCalls: string[];
  /** `GET /users/me` answers 503 instead. */
  profileDown: boolean;
  close(): Promise<void>;
}

const json = (response: import('node:http').ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

function subjectOf(authorization: string | undefined): string {
  const payload = authorization?.replace(/^Bearer /, '').split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString() || '{}') as { sub?: string }).sub ?? '';
}

/** The profile identity would return: roles and stores read back from the user's token. */
function profileOf(authorization: string | undefined) {
  const payload = authorization?.replace(/^Bearer /, '').split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString() || '{}') as {
    roles?: string[];
    storeIds?: string[];
  };
  return {
    id: subjectOf(authorization),
    email: 'jeanne@example.com',
    displayName: 'Jeanne Tremblay',
    roles: claims.roles ?? [],
    storeIds: claims.storeIds ?? [],
    emailVerified: true,
    disabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

export async function startFakeIdentity(keys: JSONWebKeySet['keys']): Promise<FakeIdentity> {
  const sockets = new Set<Socket>();
  const fake: FakeIdentity = {
    url: '',
    jwksUrl: '',
    keys: [...keys],
    apiKeys: new Map(),
    introspections: 0,
    jwksFetches: 0,
    profileCalls: [],
    profileDown: false,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  const server: Server = createServer((request, response) => {
    const path = request.url?.split('?')[0];
    if (path === '/health/ready') return json(response, 200, { status: 'up' });
    if (path === '/.well-known/jwks.json') {
      fake.jwksFetches++;
      return json(response, 200, { keys: fake.keys });
    }
    if (path === '/users/me') {
      fake.profileCalls.push(request.headers.authorization ?? '');
      if (fake.profileDown) return json(response, 503, { status: 503 });
      return json(response, 200, profileOf(request.headers.authorization));
    }
    if (path === '/api-keys/introspect' && request.method === 'POST') {
      let text = '';
      request.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on('end', () => {
        fake.introspections++;
        const grant = fake.apiKeys.get((JSON.parse(text) as { key: string }).key);
        json(response, 200, grant ? { active: true, ...grant } : { active: false });
      });
      return;
    }
    json(response, 404, { status: 404 });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.jwksUrl = `${fake.url}/.well-known/jwks.json`;
  return fake;
}

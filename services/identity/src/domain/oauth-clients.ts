import type { Principal } from '@comptoir/platform';
import type { AccessTokens } from './access-tokens.ts';
import type { OAuthClients as ClientStore, OAuthClientRecord } from './credential-ports.ts';
import { decodeCursor, pageOf } from './cursor.ts';
import { clientNotFound, OAuthError, personOnly } from './errors.ts';
import { newClientId } from './ids.ts';
import type { Page } from './ports.ts';
import { digest, matchesDigest, randomToken } from './secrets.ts';

export interface ClientView {
  clientId: string;
  name: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ClientToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

const view = (client: OAuthClientRecord): ClientView => ({
  clientId: client.id,
  name: client.name,
  scopes: client.scopes,
  createdBy: client.createdBy,
  createdAt: client.createdAt.toISOString(),
  revokedAt: client.revokedAt?.toISOString() ?? null,
});

/** Machine clients of the OAuth2 client-credentials grant (RFC 6749 §4.4). */
export class OAuthClients {
  constructor(
    private readonly clients: ClientStore,
    private readonly tokens: AccessTokens,
    private readonly ttlSeconds: number,
  ) {}

  /** The secret is in the answer once; only its digest is kept. */
  async create(
    admin: Principal,
    input: { name: string; scopes: string[] },
  ): Promise<ClientView & { clientSecret: string }> {
    if (admin.kind !== 'user') throw personOnly();
    const secret = randomToken();
    const client: OAuthClientRecord = {
      id: newClientId(),
      name: input.name.trim(),
      secretHash: digest(secret),
      scopes: [...new Set(input.scopes)],
      createdBy: admin.subject,
      createdAt: new Date(),
      revokedAt: null,
    };
    await this.clients.insert(client);
    return { ...view(client), clientSecret: secret };
  }

  async list(limit: number, cursor?: string): Promise<Page<ClientView>> {
    return pageOf(await this.clients.list(decodeCursor(cursor), limit + 1), limit, view);
  }

  async revoke(id: string): Promise<void> {
    const client = await this.clients.find(id);
    if (!client) throw clientNotFound(id);
    if (!client.revokedAt) await this.clients.revoke(id, new Date());
  }

  /** A token for the client, with the scopes asked for (all of its own when none are). */
  async token(clientId: string, clientSecret: string, scope: string | undefined): Promise<ClientToken> {
    const client = await this.clients.find(clientId);
    // One answer for an unknown client, a wrong secret and a revoked client.
    if (!client || client.revokedAt || !matchesDigest(clientSecret, client.secretHash)) {
      throw new OAuthError('invalid_client', 'Client authentication failed.');
    }
    const asked = scope === undefined ? client.scopes : [...new Set(scope.split(' ').filter(Boolean))];
    const unknown = asked.filter((s) => !client.scopes.includes(s));
    if (unknown.length > 0)
      throw new OAuthError('invalid_scope', `Scopes not granted to this client: ${unknown.join(' ')}.`);
    const { token, expiresIn } = await this.tokens.issue({
      subject: client.id,
      kind: 'client',
      roles: [],
      storeIds: [],
      scopes: asked,
      clientId: client.id,
      ttlSeconds: this.ttlSeconds,
    });
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: asked.join(' ') };
  }
}

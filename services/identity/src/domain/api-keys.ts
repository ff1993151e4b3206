import { hasRole, type Principal } from '@comptoir/platform';
import type { AccessTokens } from './access-tokens.ts';
import type { ApiKeyRecord, ApiKeys as ApiKeyStore } from './credential-ports.ts';
import { decodeCursor, pageOf } from './cursor.ts';
import { apiKeyNotFound, personOnly } from './errors.ts';
import { newApiKeyId } from './ids.ts';
import type { Page, Users } from './ports.ts';
import { digest, matchesDigest, randomPrefix, randomToken } from './secrets.ts';

/** An API key as listed: never its secret nor its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  ownerId: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type Introspection =
  | { active: false }
  | {
      active: true;
      principal: { subject: string; kind: 'api_key'; roles: string[]; storeIds: string[]; scopes: string[] };
      accessToken: string;
      expiresIn: number;
    };

// `cpt_` then a public prefix (to find the row) then the secret (compared by digest).
const KEY_FORMAT = /^cpt_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const TOUCH_EVERY_MS = 60_000;

const view = (key: ApiKeyRecord): ApiKeyView => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  ownerId: key.ownerId,
  scopes: key.scopes,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

/**
 * Keys for partner systems, acting as their owner within their scopes. Services never see
 * a key: the gateway introspects it here and forwards the short-lived JWT minted for it.
 */
export class ApiKeys {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly users: Users,
    private readonly tokens: AccessTokens,
    private readonly ttlSeconds: number,
  ) {}

  /** The key is in the answer once; only its digest is kept. */
  async create(
    owner: Principal,
    input: { name: string; scopes: string[] },
  ): Promise<ApiKeyView & { key: string }> {
    // A key or a client minting keys would let a leaked credential outlive its revocation.
    if (owner.kind !== 'user') throw personOnly();
    const prefix = randomPrefix();
    const secret = randomToken();
    const record: ApiKeyRecord = {
      id: newApiKeyId(),
      ownerId: owner.subject,
      name: input.name.trim(),
      prefix,
      secretHash: digest(secret),
      scopes: [...new Set(input.scopes)],
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.keys.insert(record);
    return { ...view(record), key: `cpt_${prefix}_${secret}` };
  }

  /** One's own keys; an admin sees everyone's. Newest first. */
  async list(caller: Principal, limit: number, cursor?: string): Promise<Page<ApiKeyView>> {
    const owner = hasRole(caller, 'admin') ? undefined : caller.subject;
    return pageOf(await this.keys.list(owner, decodeCursor(cursor), limit + 1), limit, view);
  }

  /** Someone else's key is "not found" rather than "forbidden": its existence is not theirs to know. */
  async revoke(caller: Principal, id: string): Promise<void> {
    const key = await this.keys.find(id);
    if (!key || (key.ownerId !== caller.subject && !hasRole(caller, 'admin'))) throw apiKeyNotFound(id);
    if (!key.revokedAt) await this.keys.revoke(id, new Date());
  }

  /** RFC 7662 in spirit: `{ active: false }` for anything not a live key of an enabled owner. */
  async introspect(presented: string): Promise<Introspection> {
    const [, prefix, secret] = KEY_FORMAT.exec(presented) ?? [];
    if (!prefix || !secret) return { active: false };
    const key = await this.keys.findByPrefix(prefix);
    if (!key || key.revokedAt || !matchesDigest(secret, key.secretHash)) return { active: false };
    const owner = await this.users.find(key.ownerId);
    if (!owner || owner.disabledAt) return { active: false };
    const now = new Date();
    await this.keys.touch(key.id, now, new Date(now.getTime() - TOUCH_EVERY_MS));
    const { token, expiresIn } = await this.tokens.issue({
      subject: owner.id,
      kind: 'api_key',
      roles: owner.roles,
      storeIds: owner.storeIds,
      scopes: key.scopes,
      clientId: key.id,
      ttlSeconds: this.ttlSeconds,
    });
    const principal = {
      subject: owner.id,
      kind: 'api_key' as const,
      roles: owner.roles,
      storeIds: owner.storeIds,
      scopes: key.scopes,
    };
    return { active: true, principal, accessToken: token, expiresIn };
  }
}

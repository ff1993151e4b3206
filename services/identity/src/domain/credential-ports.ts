import type { JWK } from 'jose';
import type { Page } from './ports.ts';

/** Storage of the signing keys, API keys and OAuth clients; `src/data` implements it. */

export interface SigningKeyRecord {
  kid: string;
  algorithm: 'EdDSA';
  publicJwk: JWK;
  /** The private JWK as stored: plain JSON, or sealed (see `key-sealing.ts`). */
  privateJwk: string;
  state: 'active' | 'retiring';
  createdAt: Date;
  retiredAt: Date | null;
}

export interface SigningKeys {
  active(): Promise<SigningKeyRecord | undefined>;
  /** The active key and the retiring ones retired after `since`. */
  published(since: Date): Promise<SigningKeyRecord[]>;
  /** Inserts the key unless another replica made an active key first; says whether it did. */
  insertIfNoneActive(key: SigningKeyRecord): Promise<boolean>;
  /** Runs `work` alone among replicas: retire the active key, add the next, drop the expired. */
  rotate(
    work: (tx: {
      retireActive(at: Date): Promise<void>;
      insert(key: SigningKeyRecord): Promise<void>;
      dropRetiredBefore(before: Date): Promise<void>;
    }) => Promise<void>,
  ): Promise<void>;
}

export interface ApiKeyRecord {
  id: string;
  ownerId: string;
  name: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeys {
  insert(key: ApiKeyRecord): Promise<void>;
  find(id: string): Promise<ApiKeyRecord | undefined>;
  findByPrefix(prefix: string): Promise<ApiKeyRecord | undefined>;
  /** Newest first; all owners when `ownerId` is undefined. */
  list(ownerId: string | undefined, beforeId: string | undefined, take: number): Promise<ApiKeyRecord[]>;
  revoke(id: string, at: Date): Promise<void>;
  /** Writes `lastUsedAt` unless it was written less than `olderThan` ago: one write a minute, not one per call. */
  touch(id: string, at: Date, olderThan: Date): Promise<void>;
}

export interface OAuthClientRecord {
  id: string;
  name: string;
  secretHash: string;
  scopes: string[];
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface OAuthClients {
  insert(client: OAuthClientRecord): Promise<void>;
  find(id: string): Promise<OAuthClientRecord | undefined>;
  list(beforeId: string | undefined, take: number): Promise<OAuthClientRecord[]>;
  revoke(id: string, at: Date): Promise<void>;
  /**
   * Creates the client, or gives the existing one this name, secret digest and these scopes, in
   * one statement (replicas starting together both succeed). A revoked client stays revoked while
   * its secret is unchanged; a new secret brings it back. Says which happened.
   */
  upsert(client: OAuthClientRecord): Promise<{ created: boolean; revoked: boolean }>;
}

export type { Page };

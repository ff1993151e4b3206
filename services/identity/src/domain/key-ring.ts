import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import type { SigningKeyRecord, SigningKeys } from './credential-ports.ts';
import { newKid } from './ids.ts';
import { seal, unseal } from './key-sealing.ts';

export interface KeyRingSettings {
  /**
   * How long a retired key stays published: the longest token lifetime plus a margin for the
   * other replicas' signing cache and clock skew. After that no valid token can name it.
   */
  retentionSeconds: number;
  /** Seals private keys at rest when set. */
  sealingKey?: Buffer;
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/** How long a replica signs with the key it loaded before looking again (another may have rotated). */
const SIGNING_CACHE_MS = 30_000;
/** Shortest interval between two reads of the published keys, even when asked for fresh ones. */
const FRESH_AFTER_MS = 1_000;
const PUBLISHED_CACHE_MS = 30_000;

/**
 * identity's signing keys: one active Ed25519 key signs; retired keys stay published in the
 * JWKS until every token they signed has expired, so a rotation logs nobody out.
 */
export class KeyRing {
  #signing: { key: SigningKey; loadedAt: number } | undefined;
  #published: { jwks: JSONWebKeySet; loadedAt: number } | undefined;

  constructor(
    private readonly keys: SigningKeys,
    private readonly settings: KeyRingSettings,
  ) {}

  /** Creates the first key when there is none (replicas starting together make one between them). */
  async ensureKey(): Promise<void> {
    if (await this.keys.active()) return;
    await this.keys.insertIfNoneActive(await this.#generate());
  }

  async signingKey(): Promise<SigningKey> {
    const cached = this.#signing;
    if (cached && Date.now() - cached.loadedAt < SIGNING_CACHE_MS) return cached.key;
    const record = await this.keys.active();
    if (!record) throw new Error('identity has no active signing key');
    return this.#remember(record);
  }

  /** The public keys to verify with: `fresh` when a token names a key not seen yet. */
  async jwks({ fresh }: { fresh: boolean }): Promise<JSONWebKeySet> {
    const cached = this.#published;
    const age = cached ? Date.now() - cached.loadedAt : Number.POSITIVE_INFINITY;
    if (cached && age < (fresh ? FRESH_AFTER_MS : PUBLISHED_CACHE_MS)) return cached.jwks;
    const since = new Date(Date.now() - this.settings.retentionSeconds * 1000);
    const records = await this.keys.published(since);
    const jwks = { keys: records.map((record) => record.publicJwk) };
    this.#published = { jwks, loadedAt: Date.now() };
    return jwks;
  }

  /** Retires the active key and signs with a new one from now on. */
  async rotate(): Promise<{ kid: string }> {
    const next = await this.#generate();
    await this.keys.rotate(async (tx) => {
      const now = new Date();
      await tx.retireActive(now);
      await tx.insert({ ...next, createdAt: now });
      await tx.dropRetiredBefore(new Date(now.getTime() - this.settings.retentionSeconds * 1000));
    });
    this.#published = undefined;
    await this.#remember(next);
    return { kid: next.kid };
  }

  async #remember(record: SigningKeyRecord): Promise<SigningKey> {
    if (this.#signing?.key.kid === record.kid) {
      this.#signing.loadedAt = Date.now();
      return this.#signing.key;
    }
    const jwk = JSON.parse(unseal(record.privateJwk, this.settings.sealingKey)) as JWK;
    const privateKey = (await importJWK(jwk, record.algorithm)) as CryptoKey;
    const key = { kid: record.kid, privateKey };
    this.#signing = { key, loadedAt: Date.now() };
    return key;
  }

  async #generate(): Promise<SigningKeyRecord> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = newKid();
    const meta = { kid, alg: 'EdDSA', use: 'sig' };
    const privateJwk = JSON.stringify({ ...(await exportJWK(privateKey)), ...meta });
    return {
      kid,
      algorithm: 'EdDSA',
      publicJwk: { ...(await exportJWK(publicKey)), ...meta },
      privateJwk: seal(privateJwk, this.settings.sealingKey),
      state: 'active',
      createdAt: new Date(),
      retiredAt: null,
    };
  }
}

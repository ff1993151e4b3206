import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The simulated provider's card tokens: the card sealed with AES-256-GCM, so the token itself is
 * the saved card and any replica holding the same secret can charge it — nothing is stored.
 *
 *   pm_ + base64url( version (1 byte) ‖ nonce (12 random bytes) ‖ ciphertext ‖ GCM tag (16 bytes) )
 *
 * The plaintext is the number, the expiry, the owner and the token's own expiry; the security
 * code is never in it (PCI DSS forbids keeping it once authorised, even encrypted). GCM
 * authenticates the whole token: a byte changed, or a token sealed under another secret, opens to
 * nothing. The key is derived from the configured secret with HKDF-SHA256.
 */

const PREFIX = 'pm_';
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Binds the ciphertext to its use: the same key could never open something sealed for another purpose. */
const AAD = Buffer.from('comptoir/payments/simulated-card-token/v1');

export interface SealedCard {
  pan: string;
  expMonth: number;
  expYear: number;
  owner: string;
  expiresAt: Date;
}

interface Plaintext {
  n: string;
  m: number;
  y: number;
  o: string;
  /** Epoch seconds. */
  e: number;
}

export interface CardSealer {
  seal(card: SealedCard): string;
  /** The card inside the token, or undefined: malformed, tampered with, or sealed under another secret. */
  open(token: string): SealedCard | undefined;
}

export function cardSealer(secret: string): CardSealer {
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'comptoir.payments', 'simulated-card-token v1', 32),
  );
  return {
    seal(card) {
      const plaintext: Plaintext = {
        n: card.pan,
        m: card.expMonth,
        y: card.expYear,
        o: card.owner,
        e: Math.floor(card.expiresAt.getTime() / 1000),
      };
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(AAD);
      const sealed = Buffer.concat([cipher.update(JSON.stringify(plaintext), 'utf8'), cipher.final()]);
      const body = Buffer.concat([Buffer.from([VERSION]), nonce, sealed, cipher.getAuthTag()]);
      return `${PREFIX}${body.toString('base64url')}`;
    },
    open(token) {
      if (!token.startsWith(PREFIX)) return undefined;
      const body = Buffer.from(token.slice(PREFIX.length), 'base64url');
      if (body.length <= 1 + NONCE_BYTES + TAG_BYTES || body[0] !== VERSION) return undefined;
      const nonce = body.subarray(1, 1 + NONCE_BYTES);
      const tag = body.subarray(body.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES })
          .setAAD(AAD)
          .setAuthTag(tag);
        const clear = Buffer.concat([
          decipher.update(body.subarray(1 + NONCE_BYTES, body.length - TAG_BYTES)),
          decipher.final(),
        ]);
        const p = JSON.parse(clear.toString('utf8')) as Plaintext;
        return { pan: p.n, expMonth: p.m, expYear: p.y, owner: p.o, expiresAt: new Date(p.e * 1000) };
      } catch {
        return undefined; // the tag did not verify
      }
    },
  };
}

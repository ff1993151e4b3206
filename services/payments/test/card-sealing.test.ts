import { describe, expect, it } from 'vitest';
import { cardSealer } from '../src/providers/card-sealing.ts';

const SECRET = 'a-test-secret-of-at-least-32-bytes-long';
const card = {
  pan: '4242424242424242',
  expMonth: 12,
  expYear: 2099,
  owner: 'user:usr_cliente',
  expiresAt: new Date('2030-01-01T00:00:00Z'),
};

describe('the simulated provider’s sealed card tokens', () => {
  it('open to the card they sealed, owner and expiry included', () => {
    const sealer = cardSealer(SECRET);
    expect(sealer.open(sealer.seal(card))).toEqual(card);
  });

  it('open on another replica holding the same secret, and on none holding another', () => {
    const token = cardSealer(SECRET).seal(card);
    expect(cardSealer(SECRET).open(token)).toEqual(card);
    expect(cardSealer(`${SECRET}!`).open(token)).toBeUndefined();
  });

  it('open to nothing once any byte is changed, cut short, or given another prefix', () => {
    const sealer = cardSealer(SECRET);
    const token = sealer.seal(card);
    const bytes = Buffer.from(token.slice(3), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes);
      altered[i] = (altered[i] ?? 0) ^ 0x01;
      expect(sealer.open(`pm_${altered.toString('base64url')}`)).toBeUndefined();
    }
    expect(sealer.open(token.slice(0, -2))).toBeUndefined();
    expect(sealer.open(`pk_${token.slice(3)}`)).toBeUndefined();
    expect(sealer.open('pm_')).toBeUndefined();
  });

  it('never carry the number in the clear, and never seal the same way twice (random nonce)', () => {
    const sealer = cardSealer(SECRET);
    const [a, b] = [sealer.seal(card), sealer.seal(card)];
    expect(a).not.toBe(b);
    for (const token of [a, b]) {
      expect(token).not.toContain(card.pan);
      expect(Buffer.from(token.slice(3), 'base64url').toString('latin1')).not.toContain(card.pan);
      expect(Buffer.from(token.slice(3), 'base64url').toString('latin1')).not.toContain('usr_cliente');
    }
  });
});

import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { CardPaymentMethod } from '@comptoir/contracts';
import { buildService, ConfigError, loggerOptions } from '@comptoir/platform';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsService, TEST_CARDS } from '../src/app.ts';
import {
  body,
  cardPayment,
  cashPayment,
  type Headers,
  START_TIMEOUT_MS,
  startPayments,
  type TestPayments,
} from './payments.fixture.ts';

/** The service's clock: real time plus whatever a test moved it by. */
let skewMs = 0;
const clock = () => new Date(Date.now() + skewMs);

const warnings: string[] = [];
let payments: TestPayments;
let otherCustomer: Headers;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      warnings.push(String(chunk));
      done();
    },
  });
  const logger = pino(loggerOptions('payments', { level: 'warn', pretty: false }), sink);
  // No PAYMENTS_CARD_TOKEN_SECRET: the development key, with a warning.
  const env = { PAYMENTS_CARD_TOKEN_SECRET: '', PAYMENTS_CARD_TOKEN_TTL_SECONDS: '3600' };
  payments = await startPayments(env, { logger }, { clock });
  otherCustomer = await payments.as({ subject: 'usr_autre_cliente', roles: ['customer'] });
}, START_TIMEOUT_MS);
afterAll(() => payments?.close());

const card = (number: string, fields: Record<string, unknown> = {}) => ({
  number,
  expMonth: 12,
  expYear: 2099,
  cvc: '123',
  ...fields,
});

/** POST /payment-methods. */
const save = (headers: Headers, cardFields: object) =>
  payments.send('POST', '/payment-methods', headers, { card: cardFields });

/** A saved card's token, after checking it was saved. */
async function token(
  headers: Headers,
  number: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  return body<CardPaymentMethod>(await save(headers, card(number, fields)), 201).id;
}

/** A card payment of an order with a saved card instead of the card. */
const withToken = (paymentMethod: string, fields: Record<string, unknown> = {}) => {
  const { card: _typed, ...rest } = cardPayment(TEST_CARDS.approved);
  return { ...rest, paymentMethod, ...fields };
};

describe('saving a card: the provider’s token, nothing kept', () => {
  it('answers 201 with a pm_ token, the card’s brand, last four and expiry, and when the token expires', async () => {
    const response = await save(payments.customer, card('4242 4242 4242 4242'));
    const saved = body<CardPaymentMethod>(response, 201);
    expect(saved).toEqual({
      id: expect.stringMatching(/^pm_[A-Za-z0-9_-]{16,}$/),
      card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2099 },
      expiresAt: expect.any(String),
    });
    const lifetime = Date.parse(saved.expiresAt) - clock().getTime();
    expect(lifetime).toBeGreaterThan(3_590_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);
    // Sealed: neither the token nor its bytes carry the number.
    expect(saved.id).not.toContain('4242424242424242');
    expect(Buffer.from(saved.id.slice(3), 'base64url').toString('latin1')).not.toContain('4242424242424242');
  });

  it('seals each save afresh: the same card twice gives two different tokens', async () => {
    const [a, b] = [
      await token(payments.customer, TEST_CARDS.approved),
      await token(payments.customer, TEST_CARDS.approved),
    ];
    expect(a).not.toBe(b);
  });

  it('refuses a number failing the Luhn check (400 on the field), a missing token (401), and an API key or client without payments:write (403)', async () => {
    const bad = await save(payments.customer, card('4242 4242 4242 4241'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'PAYMENTS_INVALID_CARD_NUMBER',
      errors: [{ pointer: '/body/card/number' }],
    });
    expect(bad.body).not.toContain('4241');
    expect((await save({}, card(TEST_CARDS.approved))).statusCode).toBe(401);
    const unscopedKey = await payments.as({
      subject: 'usr_cliente',
      kind: 'api_key',
      roles: ['customer'],
      scopes: [],
    });
    const unscopedClient = await payments.as({
      subject: 'cli_x',
      kind: 'client',
      roles: [],
      scopes: ['payments:read'],
    });
    for (const headers of [unscopedKey, unscopedClient]) {
      expect((await save(headers, card(TEST_CARDS.approved))).statusCode).toBe(403);
    }
    expect((await save(payments.ordering, card(TEST_CARDS.approved))).statusCode).toBe(201);
  });

  it('takes no security code or number outside the schema (400), and no other field', async () => {
    expect((await save(payments.customer, card(TEST_CARDS.approved, { cvc: 'abc' }))).statusCode).toBe(400);
    const extra = await payments.send('POST', '/payment-methods', payments.customer, {
      card: card(TEST_CARDS.approved),
      owner: 'usr_autre',
    });
    expect(extra.statusCode).toBe(400);
  });
});

describe('paying with a saved card', () => {
  it('the customer who saved it pays by card with it: succeeded, the summary only, one charge, payment.succeeded', async () => {
    const pm = await token(payments.customer, TEST_CARDS.approvedMastercard);
    const payment = body(await payments.pay(payments.customer, withToken(pm)), 201);
    expect(payment).toMatchObject({
      status: 'succeeded',
      method: 'card',
      card: { brand: 'mastercard', last4: '4444', expMonth: 12, expYear: 2099 },
    });
    expect(payments.charges().filter((c) => c.paymentId === payment.id)).toHaveLength(1);
    const [event] = await payments.eventsOf(payment.id, 1);
    expect(event).toMatchObject({ type: 'payment.succeeded', data: { card: { last4: '4444' } } });
  });

  it('ordering (a client with payments:write) charges the customer’s saved card for an order, not for a sale', async () => {
    const pm = await token(payments.customer, TEST_CARDS.approved);
    expect(body(await payments.pay(payments.ordering, withToken(pm)), 201).status).toBe('succeeded');
    const sale = withToken(pm, { reference: { kind: 'sale', id: `sale_${randomUUID().slice(0, 8)}` } });
    const refused = await payments.pay(payments.ordering, sale);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('PAYMENTS_PAYMENT_METHOD_INVALID');
  });

  it('nobody else charges it: another customer, a cashier, an admin → 422 PAYMENTS_PAYMENT_METHOD_INVALID, nothing charged', async () => {
    const pm = await token(payments.customer, TEST_CARDS.approved);
    const before = payments.calls.length;
    for (const headers of [otherCustomer, payments.cashier, payments.admin]) {
      const response = await payments.pay(headers, withToken(pm));
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'PAYMENTS_PAYMENT_METHOD_INVALID',
        errors: [{ pointer: '/body/paymentMethod' }],
      });
    }
    expect(payments.calls.length).toBe(before);
  });

  it('an API key of the customer, with payments:write, charges the customer’s saved card', async () => {
    const pm = await token(payments.customer, TEST_CARDS.approved);
    const key = await payments.as({
      subject: 'usr_cliente',
      kind: 'api_key',
      roles: ['customer'],
      scopes: ['payments:write'],
    });
    expect(body(await payments.pay(key, withToken(pm)), 201).status).toBe('succeeded');
  });

  it('a forged or altered token → 422, and one that is not even shaped like a token → 400', async () => {
    const pm = await token(payments.customer, TEST_CARDS.approved);
    const flipped = `${pm.slice(0, 20)}${pm[20] === 'A' ? 'B' : 'A'}${pm.slice(21)}`;
    const truncated = pm.slice(0, -4);
    const invented = `pm_${'A'.repeat(120)}`;
    for (const forged of [flipped, truncated, invented]) {
      const response = await payments.pay(payments.customer, withToken(forged));
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('PAYMENTS_PAYMENT_METHOD_INVALID');
    }
    expect((await payments.pay(payments.customer, withToken('pm_short'))).statusCode).toBe(400);
    expect((await payments.pay(payments.customer, withToken('card_4242424242424242'))).statusCode).toBe(400);
  });

  it('takes the card or a payment method, exactly one: both, neither, or a payment method with cash → 400', async () => {
    const pm = await token(payments.customer, TEST_CARDS.approved);
    const both = { ...cardPayment(TEST_CARDS.approved), paymentMethod: pm };
    const { card: _typed, ...neither } = cardPayment(TEST_CARDS.approved);
    const cash = { ...cashPayment(100, 100), paymentMethod: pm };
    for (const request of [both, neither, cash]) {
      const response = await payments.pay(request === cash ? payments.cashier : payments.customer, request);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('PAYMENTS_METHOD_FIELDS_MISMATCH');
    }
  });
});

describe('the test cards behave the same through a saved card', () => {
  it.each([
    [TEST_CARDS.declined, 'card_declined'],
    [TEST_CARDS.insufficientFunds, 'insufficient_funds'],
    [TEST_CARDS.expired, 'expired_card'],
  ])('%s → failed, %s, nothing captured', async (number, reason) => {
    const pm = await token(payments.customer, number);
    const payment = body(await payments.pay(payments.ordering, withToken(pm)), 201);
    expect(payment).toMatchObject({ status: 'failed', failure: { reason } });
    expect(payments.charges().filter((c) => c.paymentId === payment.id)).toHaveLength(0);
  });

  it('a card past its expiry is saved, and its payment declined expired_card — as when typed', async () => {
    const pm = await token(payments.customer, TEST_CARDS.approved, { expMonth: 1, expYear: 2020 });
    const payment = body(await payments.pay(payments.customer, withToken(pm)), 201);
    expect(payment).toMatchObject({ status: 'failed', failure: { reason: 'expired_card' } });
  });

  it('the transient card → 503 with Retry-After, then the retry with the same key succeeds: one payment, one charge', async () => {
    const pm = await token(payments.customer, TEST_CARDS.transient);
    const key = randomUUID();
    const request = withToken(pm);
    const first = await payments.pay(payments.ordering, request, key);
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('1');
    const retried = body(await payments.pay(payments.ordering, request, key), 201);
    expect(retried.status).toBe('succeeded');
    expect(payments.calls.filter((c) => c.paymentId === retried.id).map((c) => c.outcome)).toEqual([
      'unavailable',
      'approved',
    ]);
    expect(payments.charges().filter((c) => c.paymentId === retried.id)).toHaveLength(1);
  });

  it('the unavailable card → 503 on every attempt', async () => {
    const pm = await token(payments.customer, TEST_CARDS.unavailable);
    const key = randomUUID();
    const request = withToken(pm);
    for (let i = 0; i < 2; i++)
      expect((await payments.pay(payments.ordering, request, key)).statusCode).toBe(503);
  });
});

describe('idempotency with saved cards', () => {
  it('a retry with a fresh token of the same card is the same request: the first payment back, no second charge', async () => {
    const key = randomUUID();
    const request = withToken(await token(payments.customer, TEST_CARDS.approved));
    const first = body(await payments.pay(payments.customer, request, key), 201);
    const again = withToken(await token(payments.customer, TEST_CARDS.approved), {
      reference: request.reference,
    });
    const replay = await payments.pay(payments.customer, again, key);
    expect(body(replay, 201).id).toBe(first.id);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(payments.charges().filter((c) => c.paymentId === first.id)).toHaveLength(1);
  });

  it('the same key with a saved card of another number is another request → 422 PAYMENTS_IDEMPOTENCY_KEY_REUSED', async () => {
    const key = randomUUID();
    const request = withToken(await token(payments.customer, TEST_CARDS.approved));
    body(await payments.pay(payments.customer, request, key), 201);
    const other = withToken(await token(payments.customer, '4000056655665556'), {
      reference: request.reference,
    });
    const response = await payments.pay(payments.customer, other, key);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('PAYMENTS_IDEMPOTENCY_KEY_REUSED');
  });
});

describe('a saved card’s expiry', () => {
  it('past it, no payment starts (422, nothing kept, nothing charged); a payment it already made is still answered', async () => {
    const pm = await token(payments.customer, TEST_CARDS.approved);
    const doneKey = randomUUID();
    const done = body(await payments.pay(payments.ordering, withToken(pm), doneKey), 201);
    const late = withToken(pm);
    const before = payments.calls.length;
    skewMs = 3_601_000;
    try {
      const refused = await payments.pay(payments.ordering, late);
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({
        code: 'PAYMENTS_PAYMENT_METHOD_INVALID',
        detail: expect.stringContaining('expired'),
      });
      expect(payments.calls.length).toBe(before);
      const { rows } = await payments.db.query('select id from payment where reference_id = $1', [
        late.reference.id,
      ]);
      expect(rows).toHaveLength(0);
      const replay = await payments.pay(
        payments.ordering,
        withToken(pm, { reference: done.reference }),
        doneKey,
      );
      expect(body(replay, 201).id).toBe(done.id);
    } finally {
      skewMs = 0;
    }
  });
});

describe('any replica charges a token another one saved', () => {
  it(
    'a second payments on its own database, with the same key, charges the first one’s token',
    async () => {
      const replica = await startPayments({ PAYMENTS_CARD_TOKEN_SECRET: '' }, {}, { auth: payments.auth });
      try {
        const pm = await token(payments.customer, TEST_CARDS.approved);
        const payment = body(await replica.pay(replica.ordering, withToken(pm)), 201);
        expect(payment.status).toBe('succeeded');
      } finally {
        await replica.close();
      }
    },
    START_TIMEOUT_MS,
  );
});

describe('settings', () => {
  it('warn at start when PAYMENTS_CARD_TOKEN_SECRET is unset', () => {
    expect(warnings.join('')).toContain('PAYMENTS_CARD_TOKEN_SECRET is unset');
  });

  it('refuse a secret shorter than 32 bytes, naming it without repeating it', async () => {
    const attempt = buildService(paymentsService(), {
      env: { LOG_LEVEL: 'silent', PAYMENTS_CARD_TOKEN_SECRET: 'too-short-a-secret' },
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/PAYMENTS_CARD_TOKEN_SECRET: .*\(value hidden\)/);
    await expect(attempt).rejects.not.toThrow(/too-short-a-secret/);
  });
});

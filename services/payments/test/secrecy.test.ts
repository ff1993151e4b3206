import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { loggerOptions } from '@comptoir/platform';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/app.ts';
import { cardPayment, START_TIMEOUT_MS, startPayments, type TestPayments } from './payments.fixture.ts';

/** Every line payments logs, at the most talkative level, kept in memory to be searched. */
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});

let payments: TestPayments;
let logger: pino.Logger;
beforeAll(async () => {
  logger = pino(loggerOptions('payments', { level: 'trace', pretty: false }), sink);
  payments = await startPayments({ LOG_LEVEL: 'trace' }, { logger });
}, START_TIMEOUT_MS);
afterAll(() => payments?.close());

// Every card number a test sends, with the ways people type them.
// The CVC as a value of its own: random ids and checksums in the same text may hold the digits 9731.
const CVC_ALONE = /(^|[^0-9A-Za-z])9731([^0-9A-Za-z]|$)/;
const NUMBERS = [...Object.values(TEST_CARDS), '4242424242424241', '5105105105105100'];
const typed = (number: string) => [
  number,
  number.replace(/(\d{4})(?=\d)/g, '$1 '),
  number.replace(/(\d{4})(?=\d)/g, '$1-'),
];

let savedAndCharged = 0;

describe('card numbers are never stored or logged — only brand and last 4', () => {
  beforeAll(async () => {
    for (const number of NUMBERS) {
      const spaced = typed(number)[1] ?? number;
      const key = randomUUID();
      await payments.pay(
        payments.customer,
        cardPayment(spaced, { card: { number: spaced, expMonth: 2, expYear: 2099, cvc: '9731' } }),
        key,
      );
      await payments.pay(payments.customer, cardPayment(number), key); // a retry, or a reuse of the key

      // Saved, then charged through the token (by the customer, and by ordering for an order).
      const dashed = typed(number)[2] ?? number;
      const saved = await payments.send('POST', '/payment-methods', payments.customer, {
        card: { number: dashed, expMonth: 3, expYear: 2099, cvc: '9731' },
      });
      if (saved.statusCode === 201) {
        const { card: _typed, ...rest } = cardPayment(number);
        const byToken = { ...rest, paymentMethod: saved.json().id as string };
        const tokenKey = randomUUID();
        await payments.pay(payments.ordering, byToken, tokenKey);
        await payments.pay(payments.ordering, byToken, tokenKey); // the transient card's retry
        await payments.pay(payments.customer, { ...byToken, reference: cardPayment(number).reference });
        savedAndCharged += 1;
      }
    }
    // A body the schema refuses, with the number in it.
    await payments.pay(
      payments.customer,
      cardPayment('4242 4242 4242 4242', { card: { number: '4242 4242 4242 4242', cvc: 'x' } }),
    );
  });

  it('the capture covers saving cards and paying with them', () => {
    expect(savedAndCharged).toBe(NUMBERS.length - 1); // all but the number failing the Luhn check
    expect(lines.join('')).toContain('/payment-methods');
  });

  it('a trace-level capture of every request holds no card number nor security code', () => {
    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(20); // the capture did capture
    expect(logger.isLevelEnabled('trace')).toBe(true);
    expect(text).toContain('"statusCode":503'); // the transient card's outage is in it
    for (const number of NUMBERS) {
      for (const form of typed(number)) expect(text).not.toContain(form);
    }
    expect(text).not.toMatch(CVC_ALONE);
  });

  it('no table of the database holds a card number: not payments, keys, stored responses nor the outbox', async () => {
    const { rows: tables } = await payments.db.query<{ name: string }>(
      `select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['payment', 'idempotency_key', 'outbox', 'refund']),
    );
    let dump = '';
    for (const { name } of tables) {
      const { rows } = await payments.db.query<{ row: string }>(`select t::text as row from "${name}" t`);
      dump += rows.map((r) => r.row).join('\n');
    }
    expect(dump).toContain('4242'); // the last four are kept
    expect(dump).not.toContain('pm_'); // and no saved card: the caller holds the token, payments nothing
    for (const number of NUMBERS) {
      for (const form of typed(number)) expect(dump).not.toContain(form);
    }
    expect(dump).not.toMatch(CVC_ALONE);
  });
});

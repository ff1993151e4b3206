import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  newAddress,
  registered,
  START_TIMEOUT_MS,
  startNotifications,
  type TestNotifications,
} from './notifications.fixture.ts';
import { newCustomerId, OrderStory } from './orders.fixture.ts';

// No COMPTOIR_SMTP_URL: the emails land in the embedded dev mailbox, readable by anyone.
let service: TestNotifications;
beforeAll(async () => {
  service = await startNotifications();
}, START_TIMEOUT_MS);
afterAll(() => service?.close());

const WAIT = { timeout: 15_000, interval: 25 };

/** A customer identity has told notifications about (already verified: no welcome email): their id and address. */
async function customer(name = 'Alice Tremblay') {
  const email = newAddress('shopper');
  const userId = newCustomerId();
  await service.publish(
    'user.registered',
    registered(email, { userId, displayName: name, verification: null }),
  );
  await vi.waitFor(async () => {
    const { rows } = await service.db.query('select 1 from recipients where user_id = $1', [userId]);
    expect(rows).toHaveLength(1);
  }, WAIT);
  return { userId, email };
}

const tell = (step: { type: string; data: { order: { id: string } } }) =>
  service.publish(step.type, step.data, step.data.order.id);

/** The sent emails to `to` whose subject starts with `subject`, waiting for `count` of them. */
async function emailsTo(to: string, subject: string, count = 1) {
  const items = await vi.waitFor(async () => {
    const { items } = await service.mailbox(to);
    const matching = items.filter((e) => e.subject.startsWith(subject) && e.status === 'sent');
    expect(matching).toHaveLength(count);
    return matching;
  }, WAIT);
  return Promise.all(items.map((summary) => service.read(summary.id)));
}

describe('order emails', () => {
  it('confirms an order to its customer, French first, with its lines, total and address', async () => {
    const { userId, email } = await customer();
    const story = new OrderStory(userId);
    await tell(story.placed());
    const event = await tell(story.confirmed());

    const [message] = await emailsTo(email, 'Votre commande est confirmée');
    expect(message).toMatchObject({ to: email, eventId: event.id, eventType: 'order.confirmed' });
    expect(message?.subject).toBe('Votre commande est confirmée | Your order is confirmed');
    const { text, html } = message!;
    expect(text.indexOf('Bonjour Alice Tremblay,')).toBeLessThan(text.indexOf('Hello Alice Tremblay,'));
    expect(text).toContain(`Commande\u202f: ${story.id}`);
    expect(text).toContain('2 × Café moulu <bio>, 1 × Tasse en grès');
    expect(text).toContain('51,14\u00a0$');
    expect(text).toContain('$51.14');
    expect(text).toContain('4521 rue Saint-Denis, Montréal QC H2J 2L4, CA');
    expect(html).toContain('Café moulu &lt;bio&gt;');
    expect(html).not.toContain('<bio>');
    // order.placed sends nothing: only the confirmation is in the mailbox.
    expect((await service.mailbox(email)).items).toHaveLength(1);
  });

  it('tells of a shipment with its carrier and tracking number, then of the delivery', async () => {
    const { userId, email } = await customer();
    const story = new OrderStory(userId);
    await tell(story.confirmed());
    await tell(story.shipped('Postes Canada', '7023 4567 8901 2345', ['CAF-001']));
    const [partly] = await emailsTo(email, 'Une partie de votre commande est en route');
    expect(partly?.subject).toBe(
      'Une partie de votre commande est en route | Part of your order is on its way',
    );
    expect(partly?.text).toContain('Transporteur\u202f: Postes Canada');
    expect(partly?.text).toContain('Numéro de suivi\u202f: 7023 4567 8901 2345');
    expect(partly?.text).toContain('Tracking number: 7023 4567 8901 2345');
    expect(partly?.text).toContain('Articles\u202f: 2 × Café moulu <bio>\n');

    await tell(story.shipped('Purolator', 'PUR-998877', ['TAS-002']));
    const [rest] = await emailsTo(email, 'Votre commande est en route');
    expect(rest?.text).toContain('Purolator');
    expect(rest?.text).toContain('PUR-998877');
    expect(rest?.text).toContain('Articles\u202f: 1 × Tasse en grès\n');

    await tell(story.delivered());
    const [delivered] = await emailsTo(email, 'Votre commande a été livrée');
    expect(delivered?.subject).toBe('Votre commande a été livrée | Your order has been delivered');
    expect(delivered?.text).toMatch(/Livrée le\u202f: \d+ \S+ \d{4}/);
  });

  it.each([
    [
      'payment_declined',
      'failed',
      'Votre paiement a été refusé.',
      'Aucun montant n’a été débité.',
      'Your payment was declined.',
    ],
    [
      'out_of_stock',
      'refunded',
      'Un article de votre commande n’est plus en stock.',
      'Le montant débité vous a été remboursé.',
      'An item in your order is out of stock.',
    ],
  ] as const)(
    'explains a cancellation (%s) in words, and what became of the money',
    async (reason, payment, fr, money, en) => {
      const { userId, email } = await customer();
      const story = new OrderStory(userId);
      await tell(story.cancelled(reason, payment));
      const [message] = await emailsTo(email, 'Votre commande a été annulée');
      expect(message?.subject).toBe('Votre commande a été annulée | Your order has been cancelled');
      expect(message?.text).toContain(fr);
      expect(message?.text).toContain(money);
      expect(message?.text).toContain(en);
      expect(message?.text).not.toContain(reason);
    },
  );

  it('sends one email for an event delivered twice', async () => {
    const { userId, email } = await customer();
    const story = new OrderStory(userId);
    const event = await tell(story.confirmed());
    await service.bus.publish([event, event]);
    await emailsTo(email, 'Votre commande est confirmée');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await service.stored(email)).toHaveLength(1);
  });

  it('parks the email of a customer whose address is unknown, then sends it once replayed after the address is known', async () => {
    const userId = newCustomerId();
    const email = newAddress('late');
    const story = new OrderStory(userId);
    const event = await tell(story.confirmed());
    const admin = await service.auth.headersFor({ subject: 'usr_head_office', roles: ['admin'] });
    const letter = `/admin/dead-letters/notifications.emails/${event.id}`;
    await vi.waitFor(
      async () => {
        const response = await service.app.inject({ method: 'GET', url: letter, headers: admin });
        expect(response.statusCode).toBe(200);
        expect(response.json().error).toContain(`no address is known for the customer "${userId}"`);
      },
      { timeout: 30_000, interval: 200 },
    );

    await service.publish('user.verified', { userId, email, verifiedAt: new Date().toISOString() });
    await vi.waitFor(async () => {
      const { rows } = await service.db.query('select 1 from recipients where user_id = $1', [userId]);
      expect(rows).toHaveLength(1);
    }, WAIT);
    const replay = await service.app.inject({ method: 'POST', url: `${letter}/replay`, headers: admin });
    expect(replay.json()).toEqual({ replayed: 1 });
    const [message] = await emailsTo(email, 'Votre commande est confirmée');
    // user.verified carries no name: a greeting without one.
    expect(message?.text).toContain('Bonjour,\n');
  });
});

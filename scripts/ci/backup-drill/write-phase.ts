import type { Databases } from './databases.ts';
import { inTransaction } from './databases.ts';
import { emptyPhase, type PhaseRecord } from './ledger.ts';
import type { DrillServices } from './services.ts';

/**
 * Writes one phase of the drill: stock received and sales' stock taken through inventory's own
 * routes, cash and card payments through payments' own routes (their domain, transactions and
 * outbox, in this process), and the sales and online orders they belong to into ordering's real
 * schema by SQL (ordering's own path needs the whole platform: cart, stores, catalog…). The
 * order of a sale is the counter's: stock taken, payment taken, sale completed.
 */

const SKUS = ['DRILL-CAFE-250G', 'DRILL-THE-VERT', 'DRILL-TASSE'] as const;
/** A store's location, as stores' `store.created` event would have made it. */
const STORE_LOCATION = 'loc_01JD3Z8Q5V7W4X9Y2B6CDR1000';
const UNIT_PRICE = 1_299;
const GST_PPM = 50_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface PhasePlan {
  receipts: number;
  sales: number;
  onlineOrders: number;
}

interface Movement {
  id: string;
  sku: string;
  locationId: string;
  quantity: number;
}
interface Payment {
  id: string;
  status: string;
  amount: { amount: number; currency: string };
}

/** An id in the platform's shape (`sal_` + 26 Crockford characters). */
function newId(prefix: string): string {
  let id = '0';
  for (let i = 1; i < 26; i++) id += CROCKFORD[Math.floor(Math.random() * 32)];
  return `${prefix}_${id}`;
}

export async function writePhase(
  dbs: Databases,
  services: DrillServices,
  plan: PhasePlan,
): Promise<PhaseRecord> {
  const record = emptyPhase();
  await setUp(dbs);
  for (let i = 1; i <= plan.receipts; i++) {
    const received = await services.call<{ movements: Movement[] }>('inventory', '/receipts', {
      locationId: STORE_LOCATION,
      lines: SKUS.map((sku) => ({ sku, quantity: 4 + i })),
      reason: 'Livraison du drill',
    });
    noteMovements(record, received.movements);
  }
  for (let i = 1; i <= plan.sales; i++) await posSale(dbs, services, record, i);
  for (let i = 1; i <= plan.onlineOrders; i++) await onlineOrder(dbs, services, record, i);
  return record;
}

/** The store location and the skus, as stores' and the catalog's events would have made them. */
async function setUp(dbs: Databases): Promise<void> {
  await dbs.inventory.query(
    `insert into location (id, type, name, store_id) values ($1, 'store', 'Magasin du drill', 'sto_drill')
     on conflict (id) do nothing`,
    [STORE_LOCATION],
  );
  for (const [i, sku] of SKUS.entries()) {
    await dbs.inventory.query(
      'insert into sku (sku, product_id, product_version) values ($1, $2, 1) on conflict (sku) do nothing',
      [sku, `prod_drill_${i + 1}`],
    );
  }
}

function noteMovements(record: PhaseRecord, movements: readonly Movement[]): void {
  for (const movement of movements) {
    record.movement.push(movement.id);
    const key = `${movement.sku}@${movement.locationId}`;
    record.stock[key] = (record.stock[key] ?? 0) + movement.quantity;
  }
}

function taxesOf(subtotal: number) {
  const amount = Math.round((subtotal * GST_PPM) / 1_000_000);
  return {
    amount,
    taxes: [{ code: 'GST', label: 'TPS', ratePpm: GST_PPM, amount: { amount, currency: 'CAD' } }],
  };
}

async function posSale(
  dbs: Databases,
  services: DrillServices,
  record: PhaseRecord,
  i: number,
): Promise<void> {
  const saleId = newId('sal');
  const sku = SKUS[i % SKUS.length] as string;
  const quantity = 1 + (i % 2);
  const subtotal = quantity * UNIT_PRICE;
  const { amount: tax, taxes } = taxesOf(subtotal);
  const total = subtotal + tax;
  const tendered = Math.ceil(total / 1_000) * 1_000;

  const taken = await services.call<{ movements: Movement[] }>(
    'inventory',
    '/sale-movements',
    { saleId, locationId: STORE_LOCATION, lines: [{ sku, quantity }] },
    `stock-${saleId}`,
  );
  noteMovements(record, taken.movements);
  const payment = await services.call<Payment>(
    'payments',
    '/payments',
    {
      amount: { amount: total, currency: 'CAD' },
      method: 'cash',
      reference: { kind: 'sale', id: saleId },
      tendered: { amount: tendered, currency: 'CAD' },
    },
    `pay-${saleId}`,
  );
  if (payment.status !== 'succeeded') throw new Error(`cash payment ${payment.id} is ${payment.status}`);
  record.payment.push(payment.id);

  await inTransaction(dbs.ordering, async () => {
    const counter = await dbs.ordering.query<{ last_number: number }>(
      `insert into register_receipt_counter (register_id, last_number) values ('reg_drill', 1)
       on conflict (register_id) do update set last_number = register_receipt_counter.last_number + 1
       returning last_number`,
    );
    await dbs.ordering.query(
      `insert into orders (id, channel, status, cart_id, store_id, register_id, session_id, cashier_id,
         location_id, store_name, register_name, currency, subtotal, taxes, total, payment_method, tendered,
         payment_id, change_due, receipt_number, key_scope, key, created_at, updated_at, completed_at)
       values ($1, 'pos', 'completed', $2, 'sto_drill', 'reg_drill', 'ses_drill', 'usr_drill', $3,
         'Magasin du drill', 'Caisse 1', 'CAD', $4, $5, $6, 'cash', $7, $8, $9, $10, 'usr_drill', $11,
         now(), now(), now())`,
      [
        saleId,
        newId('crt'),
        STORE_LOCATION,
        subtotal,
        JSON.stringify(taxes),
        total,
        tendered,
        payment.id,
        tendered - total,
        counter.rows[0]?.last_number,
        `key-${saleId}`,
      ],
    );
    await dbs.ordering.query(
      `insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price, line_total)
       values ($1, 1, $2, 'prod_drill', 'Article du drill', $3, $4, $5)`,
      [saleId, sku, quantity, UNIT_PRICE, subtotal],
    );
  });
  record.orders.push(saleId);
  record.orderLines += 1;
}

async function onlineOrder(
  dbs: Databases,
  services: DrillServices,
  record: PhaseRecord,
  i: number,
): Promise<void> {
  const orderId = newId('ord');
  const subtotal = 2 * UNIT_PRICE + i;
  const { amount: tax, taxes } = taxesOf(subtotal);
  const total = subtotal + tax;
  // The simulated provider's card that always succeeds.
  const payment = await services.call<Payment>(
    'payments',
    '/payments',
    {
      amount: { amount: total, currency: 'CAD' },
      method: 'card',
      reference: { kind: 'order', id: orderId },
      card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
    },
    `pay-${orderId}`,
  );
  if (payment.status !== 'succeeded') throw new Error(`card payment ${payment.id} is ${payment.status}`);
  record.payment.push(payment.id);
  await inTransaction(dbs.ordering, async () => {
    await dbs.ordering.query(
      `insert into online_order (id, customer_id, status, saga_step, version, currency, subtotal, taxes, total,
         shipping_address, payment_method, card_brand, card_last4, payment_id, payment_status, key_scope, key,
         created_at, updated_at)
       values ($1, 'usr_drill_customer', 'confirmed', 'done', 4, 'CAD', $2, $3, $4, $5, 'card', 'visa', '4242',
         $6, 'succeeded', 'usr_drill_customer', $7, now(), now())`,
      [
        orderId,
        subtotal,
        JSON.stringify(taxes),
        total,
        JSON.stringify({ name: 'Client du drill', line1: '1 rue du Port', city: 'Montréal', country: 'CA' }),
        payment.id,
        `key-${orderId}`,
      ],
    );
    await dbs.ordering.query(
      `insert into online_order_line (order_id, line_no, sku, product_id, name, quantity, unit_price, line_total)
       values ($1, 1, $2, 'prod_drill', 'Article du drill', 2, $3, $4)`,
      [orderId, SKUS[0], UNIT_PRICE, 2 * UNIT_PRICE],
    );
    await dbs.ordering.query(
      `insert into order_status_change (order_id, seq, status, at) values ($1, 1, 'pending', now()),
         ($1, 2, 'confirmed', now())`,
      [orderId],
    );
  });
  record.onlineOrder.push(orderId);
}

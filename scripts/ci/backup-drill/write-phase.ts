import type { Databases } from './databases.ts';
import { inTransaction } from './databases.ts';
import { emptyPhase, type PhaseRecord } from './ledger.ts';

/**
 * Writes one phase of the drill into the real schemas, the way the services write them: stock
 * received (a movement and its stock level in one transaction), POS sales paid in cash (the
 * payment, then the stock taken, then the completed sale with its lines and receipt number),
 * and online orders paid by card and confirmed. Every id carries the phase, so a restore that
 * brought back a row of the wrong side of the instant is named in the report.
 */

const SKUS = ['DRILL-CAFE-250G', 'DRILL-THE-VERT', 'DRILL-TASSE'] as const;
const STORE_LOCATION = 'loc_drill_store';
const UNIT_PRICE = 1_299;
const GST_PPM = 50_000;

export interface PhasePlan {
  receipts: number;
  sales: number;
  onlineOrders: number;
}

export async function writePhase(dbs: Databases, phase: string, plan: PhasePlan): Promise<PhaseRecord> {
  const record = emptyPhase();
  await setUp(dbs);
  const tag = phase.toLowerCase();
  for (let i = 1; i <= plan.receipts; i++) {
    const sku = SKUS[i % SKUS.length] as string;
    await moveStock(dbs, record, { id: `mov_${tag}_rcv_${i}`, sku, kind: 'receive', quantity: 12 });
  }
  for (let i = 1; i <= plan.sales; i++) await posSale(dbs, record, tag, i);
  for (let i = 1; i <= plan.onlineOrders; i++) await onlineOrder(dbs, record, tag, i);
  return record;
}

/** The store location and the skus the catalog would have announced (idempotent). */
async function setUp(dbs: Databases): Promise<void> {
  await dbs.inventory.query(
    `insert into location (id, type, name, store_id) values ($1, 'store', 'Magasin du drill', 'sto_drill')
     on conflict (id) do nothing`,
    [STORE_LOCATION],
  );
  for (const [i, sku] of SKUS.entries()) {
    await dbs.inventory.query(
      `insert into sku (sku, product_id, product_version) values ($1, $2, 1) on conflict (sku) do nothing`,
      [sku, `prod_drill_${i + 1}`],
    );
  }
}

interface Movement {
  id: string;
  sku: string;
  kind: 'receive' | 'sale';
  quantity: number;
  reference?: string;
}

async function moveStock(dbs: Databases, record: PhaseRecord, movement: Movement): Promise<void> {
  await inTransaction(dbs.inventory, async () => {
    // Update first: an insert's row is checked (on_hand >= 0) before any conflict is seen.
    const level = await dbs.inventory.query(
      `update stock_level set on_hand = on_hand + $3, updated_at = now()
        where sku = $1 and location_id = $2`,
      [movement.sku, STORE_LOCATION, movement.quantity],
    );
    if (level.rowCount === 0) {
      await dbs.inventory.query('insert into stock_level (sku, location_id, on_hand) values ($1, $2, $3)', [
        movement.sku,
        STORE_LOCATION,
        movement.quantity,
      ]);
    }
    await dbs.inventory.query(
      `insert into movement (id, sku, location_id, kind, quantity, reason, reference, actor, created_at)
       values ($1, $2, $3, $4, $5, null, $6, 'usr_drill', now())`,
      [
        movement.id,
        movement.sku,
        STORE_LOCATION,
        movement.kind,
        movement.quantity,
        movement.reference ?? null,
      ],
    );
  });
  record.movement.push(movement.id);
  const key = `${movement.sku}@${STORE_LOCATION}`;
  record.stock[key] = (record.stock[key] ?? 0) + movement.quantity;
}

function taxesOf(subtotal: number) {
  const amount = Math.round((subtotal * GST_PPM) / 1_000_000);
  return {
    amount,
    taxes: [{ code: 'GST', label: 'TPS', ratePpm: GST_PPM, amount: { amount, currency: 'CAD' } }],
  };
}

async function posSale(dbs: Databases, record: PhaseRecord, tag: string, i: number): Promise<void> {
  const orderId = `sal_${tag}_${i}`;
  const paymentId = `pay_${tag}_sale_${i}`;
  const sku = SKUS[i % SKUS.length] as string;
  const quantity = 1 + (i % 2);
  const subtotal = quantity * UNIT_PRICE;
  const { amount: tax, taxes } = taxesOf(subtotal);
  const total = subtotal + tax;
  const tendered = Math.ceil(total / 1_000) * 1_000;

  await dbs.payments.query(
    `insert into payment (id, status, method, amount, currency, reference_kind, reference_id, tendered,
       change_due, attempts, created_by, created_at, updated_at)
     values ($1, 'succeeded', 'cash', $2, 'CAD', 'sale', $3, $4, $5, 1, 'usr_drill', now(), now())`,
    [paymentId, total, orderId, tendered, tendered - total],
  );
  record.payment.push(paymentId);
  await moveStock(dbs, record, {
    id: `mov_${tag}_sale_${i}`,
    sku,
    kind: 'sale',
    quantity: -quantity,
    reference: orderId,
  });
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
        orderId,
        `crt_${tag}_${i}`,
        STORE_LOCATION,
        subtotal,
        JSON.stringify(taxes),
        total,
        tendered,
        paymentId,
        tendered - total,
        counter.rows[0]?.last_number,
        `key_${orderId}`,
      ],
    );
    await dbs.ordering.query(
      `insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price, line_total)
       values ($1, 1, $2, 'prod_drill', 'Article du drill', $3, $4, $5)`,
      [orderId, sku, quantity, UNIT_PRICE, subtotal],
    );
  });
  record.orders.push(orderId);
  record.orderLines += 1;
}

async function onlineOrder(dbs: Databases, record: PhaseRecord, tag: string, i: number): Promise<void> {
  const orderId = `ord_${tag}_${i}`;
  const paymentId = `pay_${tag}_order_${i}`;
  const subtotal = 2 * UNIT_PRICE;
  const { amount: tax, taxes } = taxesOf(subtotal);
  const total = subtotal + tax;
  await dbs.payments.query(
    `insert into payment (id, status, method, amount, currency, reference_kind, reference_id, card_brand,
       card_last4, card_exp_month, card_exp_year, provider_charge_id, attempts, created_by, created_at, updated_at)
     values ($1, 'succeeded', 'card', $2, 'CAD', 'order', $3, 'visa', '4242', 12, 2030, $4, 1, 'ordering',
       now(), now())`,
    [paymentId, total, orderId, `ch_${tag}_${i}`],
  );
  record.payment.push(paymentId);
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
        paymentId,
        `key_${orderId}`,
      ],
    );
    await dbs.ordering.query(
      `insert into online_order_line (order_id, line_no, sku, product_id, name, quantity, unit_price, line_total)
       values ($1, 1, $2, 'prod_drill', 'Article du drill', 2, $3, $4)`,
      [orderId, SKUS[0], UNIT_PRICE, subtotal],
    );
    await dbs.ordering.query(
      `insert into order_status_change (order_id, seq, status, at) values ($1, 1, 'pending', now()),
         ($1, 2, 'confirmed', now())`,
      [orderId],
    );
  });
  record.onlineOrder.push(orderId);
}

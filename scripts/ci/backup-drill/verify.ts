import type pg from 'pg';
import type { Databases } from './databases.ts';
import type { PhaseRecord } from './ledger.ts';

/**
 * Compares a restored copy with what the ledger says must be there — exactly those rows, no
 * fewer and no more — and checks the invariants the copy must hold on its own: every stock
 * level equals the sum of its movements, and every paid order (a completed POS sale, an online
 * order whose payment succeeded) has its succeeded payment of the same amount in payments'
 * database. Prints one line per check; returns the problems found.
 */
export async function verify(dbs: Databases, expected: PhaseRecord, label: string): Promise<string[]> {
  const problems: string[] = [];
  console.log(`-- ${label}`);

  const compareIds = async (name: string, client: pg.Client, sql: string, ids: string[]) => {
    const { rows } = await client.query<{ id: string }>(sql);
    const found = new Set(rows.map((row) => row.id));
    const wanted = new Set(ids);
    const missing = [...wanted].filter((id) => !found.has(id));
    const extra = [...found].filter((id) => !wanted.has(id));
    console.log(`  ${name.padEnd(26)} expected ${String(wanted.size).padStart(3)}, found ${found.size}`);
    if (missing.length > 0) problems.push(`${label}: ${name} is missing ${missing.join(', ')}`);
    if (extra.length > 0)
      problems.push(`${label}: ${name} has rows written after the instant: ${extra.join(', ')}`);
  };

  await compareIds('inventory.movement', dbs.inventory, 'select id from movement', expected.movement);
  await compareIds('ordering.orders', dbs.ordering, 'select id from orders', expected.orders);
  await compareIds(
    'ordering.online_order',
    dbs.ordering,
    'select id from online_order',
    expected.onlineOrder,
  );
  await compareIds('payments.payment', dbs.payments, 'select id from payment', expected.payment);

  const lines = Number((await dbs.ordering.query('select count(*) as n from order_line')).rows[0]?.n);
  console.log(
    `  ${'ordering.order_line'.padEnd(26)} expected ${String(expected.orderLines).padStart(3)}, found ${lines}`,
  );
  if (lines !== expected.orderLines)
    problems.push(`${label}: ordering.order_line count ${lines} ≠ ${expected.orderLines}`);

  const levels = await dbs.inventory.query<{ key: string; on_hand: number }>(
    `select sku || '@' || location_id as key, on_hand from stock_level where on_hand <> 0 or reserved <> 0`,
  );
  const stock = Object.fromEntries(levels.rows.map((row) => [row.key, Number(row.on_hand)]));
  const wantedStock = Object.fromEntries(
    Object.entries(expected.stock).filter(([, quantity]) => quantity !== 0),
  );
  const stockKeys = new Set([...Object.keys(stock), ...Object.keys(wantedStock)]);
  const units = (levelsOf: Record<string, number>) => Object.values(levelsOf).reduce((a, b) => a + b, 0);
  console.log(
    `  ${'inventory.stock_level'.padEnd(26)} expected ${String(units(wantedStock)).padStart(3)} units, found ${units(stock)}`,
  );
  for (const key of stockKeys) {
    if (stock[key] !== wantedStock[key]) {
      problems.push(
        `${label}: stock of ${key} is ${stock[key] ?? 0}, the ledger says ${wantedStock[key] ?? 0}`,
      );
    }
  }

  // Invariant: stock equals the sum of movements, for every level and every movement's level.
  const drift = await dbs.inventory.query<{ key: string; on_hand: number | null; moved: number | null }>(
    `select coalesce(l.sku, m.sku) || '@' || coalesce(l.location_id, m.location_id) as key,
            l.on_hand, m.moved
       from stock_level l
       full join (select sku, location_id, sum(quantity)::int as moved from movement group by 1, 2) m
         on m.sku = l.sku and m.location_id = l.location_id
      where coalesce(l.on_hand, 0) <> coalesce(m.moved, 0)`,
  );
  console.log(`  invariant: stock = sum of movements (${drift.rowCount === 0 ? 'holds' : 'BROKEN'})`);
  for (const row of drift.rows) {
    problems.push(
      `${label}: stock of ${row.key} is ${row.on_hand ?? 'absent'}, its movements sum to ${row.moved ?? 0}`,
    );
  }

  // Invariant: every paid order has its payment (another database: compared here, not joined).
  const paid = await dbs.ordering.query<{ id: string; payment_id: string | null; total: number }>(
    `select id, payment_id, total from orders where status = 'completed'
     union all
     select id, payment_id, total from online_order where payment_status = 'succeeded'`,
  );
  const payments = await dbs.payments.query<{
    id: string;
    reference_id: string;
    amount: number;
    status: string;
  }>('select id, reference_id, amount, status from payment');
  const byId = new Map(payments.rows.map((row) => [row.id, row]));
  let unpaid = 0;
  for (const order of paid.rows) {
    const payment = order.payment_id ? byId.get(order.payment_id) : undefined;
    const paidInFull =
      payment?.status === 'succeeded' &&
      payment.reference_id === order.id &&
      Number(payment.amount) === Number(order.total);
    if (!paidInFull) {
      unpaid++;
      problems.push(
        `${label}: paid order ${order.id} has no succeeded payment of ${order.total} (${order.payment_id})`,
      );
    }
  }
  console.log(
    `  invariant: every paid order has its payment (${paid.rowCount} paid orders, ${unpaid === 0 ? 'holds' : 'BROKEN'})`,
  );
  return problems;
}

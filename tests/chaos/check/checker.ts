/**
 * After a scenario: every sale and order the clients attempted, judged against what the databases
 * hold. Each is `ok` (done once, paid once, stock moved once), `refused` (cleanly: nothing kept),
 * `lost` (the client was told it succeeded and it is not there, or it was never answered and
 * nothing says what became of it), `duplicated` (done, paid or moved twice), or `stuck` (not
 * finished 60 s after the faults ended). Plus the stock ledger's invariants.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Operation } from '../load/journal.ts';
import type { Databases } from './databases.ts';
import { stockViolations } from './invariants.ts';

export type Verdict = 'ok' | 'refused' | 'lost' | 'duplicated' | 'stuck';

export interface CheckResult {
  attempted: number;
  counts: Record<Verdict, number>;
  violations: string[];
  /** A few examples of each bad verdict, for the post-mortem. */
  examples: string[];
}

interface SaleRow {
  id: string;
  status: string;
}
interface PaymentRow {
  reference_id: string;
  status: string;
  amount: string;
  amount_refunded: string;
}
interface OrderRow {
  id: string;
  key: string;
  status: string;
  saga_step: string;
  reservation_id: string | null;
}

const TERMINAL_SALE = new Set(['completed', 'declined']);

async function paymentsOf(
  db: Databases,
  kind: 'sale' | 'order',
  ids: string[],
): Promise<Map<string, PaymentRow[]>> {
  const rows = await db.rows<PaymentRow>(
    'payments',
    `select reference_id, status, amount::text, amount_refunded::text from payment
      where reference_kind = $1 and reference_id = any($2) and status = 'succeeded'`,
    [kind, ids],
  );
  const by = new Map<string, PaymentRow[]>();
  for (const row of rows) by.set(row.reference_id, [...(by.get(row.reference_id) ?? []), row]);
  return by;
}

/** Waits until every recorded sale and order is settled, or `timeoutMs` passes. */
export async function awaitSettled(
  db: Databases,
  operations: Operation[],
  timeoutMs: number,
): Promise<number> {
  const saleIds = operations.filter((o) => o.kind === 'sale' && o.id).map((o) => o.id!);
  const keys = operations.filter((o) => o.kind === 'order').map((o) => o.key);
  const started = Date.now();
  for (;;) {
    const [sales] = await db.rows<{ n: string }>(
      'ordering',
      `select count(*)::text as n from orders where id = any($1) and status not in ('completed', 'declined')`,
      [saleIds],
    );
    const [orders] = await db.rows<{ n: string }>(
      'ordering',
      `select count(*)::text as n from online_order where key = any($1) and saga_step <> 'done'`,
      [keys],
    );
    const open = Number(sales!.n) + Number(orders!.n);
    if (open === 0 || Date.now() - started > timeoutMs) return Date.now() - started;
    await sleep(1_000);
  }
}

/**
 * A client that ran out of patience, yet was told each time that nothing was done: every answer a
 * 503 or 429 problem ("unavailable, retry with the same key"). With nothing recorded, that is a
 * clean refusal; an operation whose last attempt got no answer (or a 500, 502, 504) is not.
 */
const toldNotDone = (operation: Operation) =>
  operation.attempts.length > 0 &&
  operation.attempts.every((a) => (a.status === 503 || a.status === 429) && a.code !== undefined);

export async function check(db: Databases, operations: Operation[]): Promise<CheckResult> {
  const counts: Record<Verdict, number> = { ok: 0, refused: 0, lost: 0, duplicated: 0, stuck: 0 };
  const examples: string[] = [];
  const judge = (operation: Operation, verdict: Verdict, why: string) => {
    counts[verdict]++;
    if (verdict !== 'ok' && verdict !== 'refused' && examples.length < 12)
      examples.push(
        `${verdict}: ${operation.kind} ${operation.id ?? operation.key} — ${why} (client: ${operation.belief}, answers ${operation.attempts.map((a) => a.code ?? a.status).join(',')})`,
      );
  };
  const violations: string[] = [];

  const sales = operations.filter((o) => o.kind === 'sale');
  const saleIds = sales.map((o) => o.id!);
  const saleRows = new Map(
    (await db.rows<SaleRow>('ordering', 'select id, status from orders where id = any($1)', [saleIds])).map(
      (r) => [r.id, r],
    ),
  );
  const salePayments = await paymentsOf(db, 'sale', saleIds);
  const moved = new Map<string, { sku: string; net: number }[]>();
  for (const row of await db.rows<{ reference: string; sku: string; net: number }>(
    'inventory',
    `select reference, sku, sum(quantity)::int as net from movement
      where reference = any($1) group by reference, sku`,
    [saleIds],
  ))
    moved.set(row.reference, [...(moved.get(row.reference) ?? []), { sku: row.sku, net: row.net }]);
  const soldLines = new Map<string, Map<string, number>>();
  for (const row of await db.rows<{ order_id: string; sku: string; quantity: number }>(
    'ordering',
    'select order_id, sku, sum(quantity)::int as quantity from order_line where order_id = any($1) group by order_id, sku',
    [saleIds],
  ))
    soldLines.set(row.order_id, (soldLines.get(row.order_id) ?? new Map()).set(row.sku, row.quantity));

  for (const sale of sales) {
    const row = saleRows.get(sale.id!);
    const paid = (salePayments.get(sale.id!) ?? []).filter((p) => p.amount_refunded !== p.amount);
    const net = moved.get(sale.id!) ?? [];
    const stockMoved = net.some((m) => m.net !== 0);
    if (!row || !TERMINAL_SALE.has(row.status)) {
      if (paid.length > 0 || stockMoved) {
        judge(
          sale,
          'stuck',
          `sale ${row?.status ?? 'missing'} holds ${paid.length} payment(s), stock moved ${stockMoved}`,
        );
      } else if (sale.belief === 'succeeded')
        judge(sale, 'lost', `the client was told it was sold; ordering has ${row?.status ?? 'nothing'}`);
      else if (sale.belief === 'refused' || toldNotDone(sale))
        judge(sale, 'refused', sale.refusal ?? 'unavailable');
      else judge(sale, 'lost', `never answered, and ordering has ${row?.status ?? 'nothing'}`);
      continue;
    }
    if (row.status === 'declined') {
      if (paid.length > 0 || stockMoved)
        violations.push(`sale ${sale.id} declined but kept ${paid.length} payment(s) / stock moved`);
      judge(sale, sale.belief === 'succeeded' ? 'lost' : 'refused', 'declined');
      continue;
    }
    const lines = soldLines.get(sale.id!) ?? new Map<string, number>();
    const twice = paid.length > 1 || net.some((m) => m.net < -(lines.get(m.sku) ?? 0));
    if (twice) judge(sale, 'duplicated', `${paid.length} payments, stock ${JSON.stringify(net)}`);
    else if (paid.length === 0) {
      violations.push(`sale ${sale.id} completed without a payment`);
      judge(sale, 'ok', '');
    } else if ([...lines].some(([sku, q]) => (net.find((m) => m.sku === sku)?.net ?? 0) !== -q)) {
      violations.push(
        `sale ${sale.id} completed but its stock moved ${JSON.stringify(net)} for ${JSON.stringify([...lines])}`,
      );
      judge(sale, 'ok', '');
    } else judge(sale, 'ok', '');
  }

  const orders = operations.filter((o) => o.kind === 'order');
  const orderRows = await db.rows<OrderRow>(
    'ordering',
    'select id, key, status, saga_step, reservation_id from online_order where key = any($1)',
    [orders.map((o) => o.key)],
  );
  const byKey = new Map<string, OrderRow[]>();
  for (const row of orderRows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  const orderIds = orderRows.map((r) => r.id);
  const orderPayments = await paymentsOf(db, 'order', orderIds);
  const reservations = new Map(
    (
      await db.rows<{ order_id: string; status: string }>(
        'inventory',
        'select order_id, status from reservation where order_id = any($1)',
        [orderIds],
      )
    ).map((r) => [r.order_id, r.status]),
  );
  for (const order of orders) {
    const rows = byKey.get(order.key) ?? [];
    if (rows.length > 1) {
      judge(order, 'duplicated', `${rows.length} orders for one key`);
      continue;
    }
    const row = rows[0];
    if (!row) {
      if (order.belief === 'succeeded') judge(order, 'lost', 'the client got 202; ordering has nothing');
      else if (order.belief === 'refused' || toldNotDone(order))
        judge(order, 'refused', order.refusal ?? 'unavailable');
      else judge(order, 'lost', 'never answered, and ordering has nothing');
      continue;
    }
    if (order.id && order.id !== row.id)
      violations.push(`order key ${order.key}: answered ${order.id}, stored ${row.id}`);
    const payments = orderPayments.get(row.id) ?? [];
    const kept = payments.filter((p) => p.amount_refunded !== p.amount);
    const reservation = reservations.get(row.id);
    if (row.saga_step !== 'done') {
      judge(order, 'stuck', `${row.status} at ${row.saga_step}`);
    } else if (row.status === 'cancelled') {
      if (kept.length > 0)
        violations.push(`order ${row.id} cancelled but charged (${kept.length} payment(s) kept)`);
      if (reservation === 'active' || reservation === 'committed')
        violations.push(`order ${row.id} cancelled but its reservation is ${reservation}`);
      judge(order, 'refused', 'cancelled');
    } else if (payments.length > 1) {
      judge(order, 'duplicated', `${payments.length} payments`);
    } else {
      if (kept.length !== 1)
        violations.push(`order ${row.id} ${row.status} but charged ${kept.length} time(s)`);
      if (reservation !== 'committed')
        violations.push(`order ${row.id} ${row.status} but its reservation is ${reservation ?? 'missing'}`);
      judge(order, 'ok', '');
    }
  }

  violations.push(...(await stockViolations(db)));
  return { attempted: operations.length, counts, violations, examples };
}

import type { CancelReason, OrderStatus, Shipment, ShippingAddress, TaxAmount } from '@comptoir/contracts';
import type { Queryable } from '@comptoir/platform';
import type { OnlineOrderRecord, OrderLineRecord, PaymentStatus, SagaStep } from '../domain/online-order.ts';
import type { OrderFilter, OrderReader, OrderWriter, SellerLineFilter } from '../domain/order-ports.ts';

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  cancel_reason: CancelReason | null;
  saga_step: SagaStep;
  version: number;
  compensation_reason: CancelReason | null;
  currency: string;
  subtotal: string | number;
  taxes: TaxAmount[] | string;
  total: string | number;
  shipping_address: ShippingAddress | string;
  payment_method: string;
  card_brand: string | null;
  card_last4: string | null;
  reservation_id: string | null;
  payment_id: string | null;
  payment_status: PaymentStatus;
  refund_id: string | null;
  charge_started_at: Date | string | null;
  key_scope: string;
  key: string;
  created_at: Date | string;
  updated_at: Date | string;
}

interface LineRow {
  order_id: string;
  sku: string;
  product_id: string;
  name: string;
  seller_id: string | null;
  quantity: number;
  unit_price: string | number;
  line_total: string | number;
  shipment_id: string | null;
}

interface ChangeRow {
  order_id: string;
  status: OrderStatus;
  reason: string | null;
  at: Date | string;
}

interface ShipmentRow {
  id: string;
  order_id: string;
  seller_id: string | null;
  carrier: string;
  tracking_number: string;
  shipped_at: Date | string;
  delivered_at: Date | string | null;
}

const COLUMNS = `id, customer_id, status, cancel_reason, saga_step, version, compensation_reason, currency, subtotal, taxes, total,
  shipping_address, payment_method, card_brand, card_last4, reservation_id, payment_id, payment_status,
  refund_id, charge_started_at, key_scope, key, created_at, updated_at`;

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const iso = (value: Date | string) => new Date(value).toISOString();
const ids = (rows: { id: string }[]) => JSON.stringify(rows.map((row) => row.id));

function groupBy<R extends { order_id: string }>(rows: R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.order_id);
    if (group) group.push(row);
    else groups.set(row.order_id, [row]);
  }
  return groups;
}

/** Rows to records, with their lines, history and shipments in three queries for the whole page. */
async function hydrate(db: Queryable, rows: OrderRow[]): Promise<OnlineOrderRecord[]> {
  if (rows.length === 0) return [];
  const inPage = 'order_id in (select jsonb_array_elements_text($1::jsonb))';
  const [lines, changes, shipments] = await Promise.all([
    db.query<LineRow>(`select * from online_order_line where ${inPage} order by order_id, line_no`, [
      ids(rows),
    ]),
    db.query<ChangeRow>(`select * from order_status_change where ${inPage} order by order_id, seq`, [
      ids(rows),
    ]),
    db.query<ShipmentRow>(`select * from order_shipment where ${inPage} order by order_id, id`, [ids(rows)]),
  ]);
  const linesOf = groupBy(lines.rows);
  const changesOf = groupBy(changes.rows);
  const shipmentsOf = groupBy(shipments.rows);
  return rows.map((row) =>
    toRecord(row, linesOf.get(row.id), changesOf.get(row.id), shipmentsOf.get(row.id)),
  );
}

function toRecord(
  row: OrderRow,
  lines: LineRow[] = [],
  changes: ChangeRow[] = [],
  shipments: ShipmentRow[] = [],
): OnlineOrderRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    cancelReason: row.cancel_reason,
    sagaStep: row.saga_step,
    version: row.version,
    compensationReason: row.compensation_reason,
    currency: row.currency,
    subtotal: Number(row.subtotal),
    taxes: json(row.taxes),
    total: Number(row.total),
    shippingAddress: json(row.shipping_address),
    paymentMethod: row.payment_method,
    card: row.card_brand && row.card_last4 ? { brand: row.card_brand, last4: row.card_last4 } : null,
    reservationId: row.reservation_id,
    paymentId: row.payment_id,
    paymentStatus: row.payment_status,
    refundId: row.refund_id,
    chargeStartedAt: row.charge_started_at === null ? null : new Date(row.charge_started_at),
    keyScope: row.key_scope,
    key: row.key,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    lines: lines.map(
      (line): OrderLineRecord => ({
        sku: line.sku,
        productId: line.product_id,
        name: line.name,
        sellerId: line.seller_id,
        quantity: line.quantity,
        unitPrice: Number(line.unit_price),
        lineTotal: Number(line.line_total),
        shipmentId: line.shipment_id,
      }),
    ),
    history: changes.map((change) => ({ status: change.status, at: iso(change.at), reason: change.reason })),
    shipments: shipments.map(
      (shipment): Shipment => ({
        id: shipment.id,
        sellerId: shipment.seller_id,
        carrier: shipment.carrier,
        trackingNumber: shipment.tracking_number,
        skus: lines.filter((line) => line.shipment_id === shipment.id).map((line) => line.sku),
        shippedAt: iso(shipment.shipped_at),
        deliveredAt: shipment.delivered_at === null ? null : iso(shipment.delivered_at),
      }),
    ),
  };
}

async function findOne(db: Queryable, id: string, lock: boolean) {
  const { rows } = await db.query<OrderRow>(
    `select ${COLUMNS} from online_order where id = $1${lock ? ' for update' : ''}`,
    [id],
  );
  return (await hydrate(db, rows))[0];
}

/** `where` clauses with numbered parameters. */
function conditions() {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  return { where, params, param };
}

export function orderReader(db: Queryable): OrderReader {
  return {
    find: (id) => findOne(db, id, false),
    async list(filter: OrderFilter) {
      const { where, params, param } = conditions();
      if (filter.customerId !== undefined) where.push(`customer_id = ${param(filter.customerId)}`);
      if (filter.status !== undefined) where.push(`status = ${param(filter.status)}`);
      if (filter.from !== undefined) where.push(`created_at >= ${param(filter.from)}`);
      if (filter.to !== undefined) where.push(`created_at < ${param(filter.to)}`);
      if (filter.after) {
        where.push(
          `(created_at, id) < (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)})`,
        );
      }
      const { rows } = await db.query<OrderRow>(
        `select ${COLUMNS} from online_order ${where.length ? `where ${where.join(' and ')}` : ''}
          order by created_at desc, id desc limit ${param(filter.take)}`,
        params,
      );
      return hydrate(db, rows);
    },
    async ofSeller(filter: SellerLineFilter) {
      const { where, params, param } = conditions();
      where.push(
        `id in (select order_id from online_order_line where seller_id = ${param(filter.sellerId)})`,
      );
      if (filter.after) {
        where.push(
          `(created_at, id) < (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)})`,
        );
      }
      const { rows } = await db.query<OrderRow>(
        `select ${COLUMNS} from online_order where ${where.join(' and ')}
          order by created_at desc, id desc limit ${param(filter.take)}`,
        params,
      );
      return hydrate(db, rows);
    },
    async unsettled(before, take) {
      const { rows } = await db.query<OrderRow>(
        `select ${COLUMNS} from online_order where saga_step <> 'done' and created_at < $1
          order by created_at limit $2`,
        [before, take],
      );
      return hydrate(db, rows);
    },
  };
}

export function orderWriter(tx: Queryable): OrderWriter {
  async function appendChange(orderId: string, seq: number, change: OnlineOrderRecord['history'][number]) {
    await tx.query(
      'insert into order_status_change (order_id, seq, status, reason, at) values ($1, $2, $3, $4, $5)',
      [orderId, seq, change.status, change.reason, change.at],
    );
  }

  return {
    async insert(order) {
      const { rowCount } = await tx.query(
        `insert into online_order (${COLUMNS})
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12::jsonb, $13, $14, $15, $16, $17,
                 $18, $19, $20, $21, $22, $23, $24)
         on conflict (id) do nothing`,
        [
          order.id,
          order.customerId,
          order.status,
          order.cancelReason,
          order.sagaStep,
          order.version,
          order.compensationReason,
          order.currency,
          order.subtotal,
          JSON.stringify(order.taxes),
          order.total,
          JSON.stringify(order.shippingAddress),
          order.paymentMethod,
          order.card?.brand ?? null,
          order.card?.last4 ?? null,
          order.reservationId,
          order.paymentId,
          order.paymentStatus,
          order.refundId,
          order.chargeStartedAt,
          order.keyScope,
          order.key,
          order.createdAt,
          order.updatedAt,
        ],
      );
      if (rowCount !== 1) return false;
      for (const [i, line] of order.lines.entries()) {
        await tx.query(
          `insert into online_order_line (order_id, line_no, sku, product_id, name, seller_id, quantity,
             unit_price, line_total, shipment_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            order.id,
            i + 1,
            line.sku,
            line.productId,
            line.name,
            line.sellerId,
            line.quantity,
            line.unitPrice,
            line.lineTotal,
            line.shipmentId,
          ],
        );
      }
      for (const [i, change] of order.history.entries()) await appendChange(order.id, i + 1, change);
      return true;
    },

    async save({ order, statusChange }, expectedVersion) {
      const { rowCount } = await tx.query(
        `update online_order set status = $3, cancel_reason = $4, saga_step = $5, version = $6,
           reservation_id = $7, payment_id = $8, payment_status = $9, refund_id = $10,
           charge_started_at = $11, updated_at = $12, compensation_reason = $13
         where id = $1 and version = $2`,
        [
          order.id,
          expectedVersion,
          order.status,
          order.cancelReason,
          order.sagaStep,
          order.version,
          order.reservationId,
          order.paymentId,
          order.paymentStatus,
          order.refundId,
          order.chargeStartedAt,
          order.updatedAt,
          order.compensationReason,
        ],
      );
      if (rowCount !== 1) return false;
      if (statusChange) await appendChange(order.id, order.history.length, statusChange);
      // Shipments and the lines they took: inserted once, delivered once.
      for (const shipment of order.shipments) {
        await tx.query(
          `insert into order_shipment (id, order_id, seller_id, carrier, tracking_number, shipped_at, delivered_at)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (id) do update set delivered_at = excluded.delivered_at`,
          [
            shipment.id,
            order.id,
            shipment.sellerId,
            shipment.carrier,
            shipment.trackingNumber,
            shipment.shippedAt,
            shipment.deliveredAt,
          ],
        );
      }
      for (const line of order.lines) {
        if (line.shipmentId === null) continue;
        await tx.query(
          `update online_order_line set shipment_id = $3
            where order_id = $1 and sku = $2 and shipment_id is null`,
          [order.id, line.sku, line.shipmentId],
        );
      }
      return true;
    },

    lock: (id) => findOne(tx, id, true),
  };
}

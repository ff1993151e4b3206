-- Online orders (issue 5): placed by a signed-in customer, settled by the checkout saga
-- (domain/checkout-saga.ts), then shipped line by line by their sellers. A table of their own
-- rather than rows of `orders`: a POS sale's columns (cart, register, session, receipt) and its
-- state machine are not an online order's, and each keeps its check constraints readable.

create table online_order (
  -- "C" collation: ids are ULID-based and must sort bytewise, in creation order.
  id                  text collate "C" primary key,
  customer_id         text not null,
  status              text not null check (
    status in ('pending', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'cancelled')
  ),
  cancel_reason       text check (cancel_reason in (
    'out_of_stock', 'payment_declined', 'payment_unavailable', 'reservation_expired', 'timed_out',
    'cancelled_by_customer'
  )),
  -- Where the saga stands: reserving → charging → committing → done, or → compensating → done.
  -- Every step is a compare-and-set on `version`, so a redelivered message finds its step done.
  saga_step           text not null check (saga_step in ('reserving', 'charging', 'committing', 'compensating', 'done')),
  version             integer not null default 1,
  -- Why the order is being compensated (it becomes the cancel reason once compensation is done).
  compensation_reason text check (compensation_reason in (
    'out_of_stock', 'payment_declined', 'payment_unavailable', 'reservation_expired', 'timed_out',
    'cancelled_by_customer'
  )),
  currency            text not null check (currency ~ '^[A-Z]{3}$'),
  subtotal            bigint not null check (subtotal >= 0),
  taxes               jsonb not null,
  total               bigint not null check (total >= 1),
  shipping_address    jsonb not null,
  -- payments' token for the card (`pm_…`); never the card number. Brand and last 4 for display.
  payment_method      text not null,
  card_brand          text,
  card_last4          text check (card_last4 ~ '^[0-9]{4}$'),
  reservation_id      text,
  payment_id          text,
  payment_status      text not null check (payment_status in ('pending', 'succeeded', 'failed', 'refunded')),
  refund_id           text,
  -- When the first charge was asked: the payment deadline counts from it.
  charge_started_at   timestamptz,
  key_scope           text not null,
  key                 text not null,
  created_at          timestamptz not null,
  updated_at          timestamptz not null,
  constraint online_order_cancelled_has_reason check ((status = 'cancelled') = (cancel_reason is not null))
);
create index online_order_customer_idx on online_order (customer_id, created_at desc, id desc);
create index online_order_created_idx on online_order (created_at desc, id desc);
create index online_order_unsettled_idx on online_order (created_at) where saga_step <> 'done';

create table online_order_line (
  order_id    text collate "C" not null references online_order (id),
  line_no     integer not null,
  sku         text not null,
  product_id  text not null,
  name        text not null,
  seller_id   text,
  quantity    integer not null check (quantity >= 1),
  unit_price  bigint not null check (unit_price >= 0),
  line_total  bigint not null check (line_total >= 0),
  shipment_id text,
  primary key (order_id, line_no)
);
create index online_order_line_seller_idx on online_order_line (seller_id, order_id desc);

-- Every status an order went through, when and why.
create table order_status_change (
  order_id text collate "C" not null references online_order (id),
  seq      integer not null,
  status   text not null,
  reason   text,
  at       timestamptz not null,
  primary key (order_id, seq)
);

create table order_shipment (
  id              text collate "C" primary key,
  order_id        text collate "C" not null references online_order (id),
  seller_id       text,
  carrier         text not null,
  tracking_number text not null,
  shipped_at      timestamptz not null,
  delivered_at    timestamptz
);
create index order_shipment_order_idx on order_shipment (order_id, id);

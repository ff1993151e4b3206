-- Orders of both channels, their lines, returns of POS sales, receipt counters and the
-- idempotency keys that make a sale or a return safe to retry. Issue 4 writes POS sales
-- (channel 'pos'); the online checkout adds its statuses and columns for channel 'online'.

create table orders (
  -- "C" collation: ids are ULID-based and must sort bytewise, in creation order.
  id                  text collate "C" primary key,
  channel             text not null check (channel in ('pos', 'online')),
  -- A POS sale's progress (domain/sale.ts): draft → taking_stock → stock_taken → completed,
  -- or stock_taken → returning_stock → declined (card refused) | draft (next stock attempt).
  status              text not null check (
    status in ('draft', 'taking_stock', 'stock_taken', 'returning_stock', 'declined', 'completed')
  ),
  cart_id             text not null,
  store_id            text,
  register_id         text,
  session_id          text,
  cashier_id          text,
  customer_id         text,
  location_id         text,
  -- What the receipt prints, as it was when sold (a store renamed later does not change it).
  store_name          text,
  store_address       text,
  register_name       text,
  currency            text not null check (currency ~ '^[A-Z]{3}$'),
  subtotal            bigint not null check (subtotal >= 0),
  taxes               jsonb not null,
  total               bigint not null check (total >= 0),
  payment_method      text not null check (payment_method in ('cash', 'card')),
  tendered            bigint,
  -- Which stock attempt is current: inventory's key is the sale id, then `<id>.2`, `<id>.3`…
  -- once an attempt's stock was put back (a payment that could not be taken).
  stock_attempt       integer not null default 1 check (stock_attempt >= 1),
  stock_return_reason text check (stock_return_reason in ('declined', 'payment_unavailable', 'payment_refused')),
  failure             jsonb,
  payment_id          text,
  change_due          bigint,
  card_brand          text,
  card_last4          text check (card_last4 ~ '^[0-9]{4}$'),
  receipt_number      integer check (receipt_number >= 1),
  -- The request that owns the sale id: the same id under another key is refused.
  key_scope           text not null,
  key                 text not null,
  created_at          timestamptz not null,
  updated_at          timestamptz not null,
  completed_at        timestamptz,
  constraint orders_receipt_per_register unique (register_id, receipt_number),
  constraint orders_pos_has_its_till check (
    channel <> 'pos' or (store_id is not null and register_id is not null and session_id is not null
                         and cashier_id is not null and location_id is not null)
  ),
  constraint orders_completed_is_whole check (
    status <> 'completed' or (payment_id is not null and completed_at is not null
                              and (channel <> 'pos' or receipt_number is not null))
  )
);
create index orders_store_completed_idx on orders (store_id, completed_at desc, id desc) where status = 'completed';
create index orders_session_completed_idx on orders (session_id, completed_at desc, id desc) where status = 'completed';
create index orders_completed_idx on orders (completed_at desc, id desc) where status = 'completed';

create table order_line (
  order_id    text collate "C" not null references orders (id),
  line_no     integer not null,
  sku         text not null,
  product_id  text not null,
  name        text not null,
  quantity    integer not null check (quantity >= 1),
  unit_price  bigint not null check (unit_price >= 0),
  line_total  bigint not null check (line_total >= 0),
  primary key (order_id, line_no)
);

-- The last number given out per register; bumped in the transaction that completes a sale, so a
-- sale that does not commit gives its number back (no gaps).
create table register_receipt_counter (
  register_id text primary key,
  last_number integer not null check (last_number >= 1)
);

create table sale_return (
  id          text collate "C" primary key,
  order_id    text collate "C" not null references orders (id),
  -- refunding → restocking → completed; a refunding return already counts against the sale.
  status      text not null check (status in ('refunding', 'restocking', 'completed')),
  session_id  text,
  cashier_id  text not null,
  currency    text not null,
  amount      bigint not null check (amount >= 1),
  refund_id   text,
  key_scope   text not null,
  key         text not null,
  created_at  timestamptz not null,
  completed_at timestamptz
);
create index sale_return_order_idx on sale_return (order_id, id);

create table sale_return_line (
  return_id text collate "C" not null references sale_return (id),
  sku       text not null,
  quantity  integer not null check (quantity >= 1),
  primary key (return_id, sku)
);

-- One row per (caller, key): the primary key decides which of many concurrent requests runs.
create table idempotency_key (
  scope           text not null,
  key             text not null,
  operation       text not null,
  -- SHA-256 of the request as understood; a card is reduced to its last 4 and expiry.
  fingerprint     text not null,
  resource_id     text collate "C",
  -- Held by one attempt until `locked_until`; null once answered or given back.
  holder          text,
  locked_until    timestamptz,
  response_status integer,
  response        jsonb,
  created_at      timestamptz not null,
  completed_at    timestamptz,
  primary key (scope, key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);

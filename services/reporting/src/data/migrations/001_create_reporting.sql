-- Every event reporting consumed, in the order it was handled: the read models below are folds of
-- this log, so POST /admin/rebuild can empty them and fold it again to the same figures.
create table event_log (
  seq bigint generated always as identity primary key,
  event_id text not null unique,
  type text not null,
  subject text,
  data jsonb not null,
  received_at timestamptz not null default now()
);

-- Store names for the reports, from store.created / store.updated (the newest wins).
create table report_store (
  store_id text primary key,
  code text not null,
  name text not null,
  updated_at timestamptz not null
);

-- Days are local calendar days ('YYYY-MM-DD' in REPORTING_TIME_ZONE), kept as text so both
-- databases compare them the same way. Money is integer cents of REPORTING_CURRENCY; online sales
-- have store_id ''.
create table daily_sales (
  day text not null check (day ~ '^\d{4}-\d{2}-\d{2}$'),
  store_id text not null,
  channel text not null check (channel in ('pos', 'online')),
  sales_count integer not null default 0,
  items bigint not null default 0,
  gross bigint not null default 0,
  taxes bigint not null default 0,
  refunds_count integer not null default 0,
  refunds bigint not null default 0,
  primary key (day, store_id, channel)
);

create table daily_products (
  day text not null,
  store_id text not null,
  channel text not null,
  sku text not null,
  name text not null,
  quantity bigint not null default 0,
  revenue bigint not null default 0,
  primary key (day, store_id, channel, sku)
);

-- Online orders counted as sales (at order.confirmed), so a later cancellation refunds them once.
create table online_sale (
  order_id text primary key,
  total bigint not null,
  refunded boolean not null default false
);

-- Open low-stock alerts: raised by stock.low, cleared when stock.adjusted shows the level back at
-- or above the alert's threshold.
create table stock_alert (
  sku text not null,
  location_id text not null,
  store_id text,
  available integer not null,
  threshold integer not null,
  raised_at timestamptz not null,
  primary key (sku, location_id)
);
create index stock_alert_store on stock_alert (store_id);

create table register_session (
  session_id text primary key,
  store_id text not null,
  register_id text not null,
  cashier_id text not null,
  status text not null check (status in ('open', 'closed')),
  currency text not null,
  opening_float bigint not null,
  opened_at timestamptz not null,
  opened_day text not null,
  closed_at timestamptz,
  expected_cash bigint,
  counted_cash bigint,
  difference bigint
);
create index register_session_store_day on register_session (store_id, opened_day);

-- Live order tracking: whose each order is (the only owner check a stream can make) and every
-- status change so far, learnt from ordering's order.* events. `seq` is the change's position in
-- the order's history (from 1): the SSE event id, the same on every replica.
create table tracked_orders (
  order_id text primary key,
  customer_id text not null,
  -- The latest change heard: an older event delivered late never moves these back.
  last_seq integer not null,
  status text not null,
  updated_at timestamptz not null default now()
);

create table order_status_changes (
  order_id text not null references tracked_orders (order_id) on delete cascade,
  seq integer not null check (seq >= 1),
  status text not null,
  at timestamptz not null,
  reason text,
  tracking_number text,
  primary key (order_id, seq)
);

create index tracked_orders_updated on tracked_orders (updated_at);

-- Customers' addresses from identity's user.* events: an order event names its customer by id
-- only, and order emails go to this address (no call to identity on the way).
create table recipients (
  user_id text primary key,
  email text not null,
  display_name text,
  updated_at timestamptz not null default now()
);

-- Where stock is (locations), which skus exist (learned from the catalog), how much of each is
-- where (stock levels), why it changed (movements), what online orders hold (reservations), and
-- the answers replayed for an Idempotency-Key.
-- "C" collation on ids and skus: they compare bytewise, the same on both databases.

create table location (
  id         text collate "C" primary key,
  type       text not null check (type in ('warehouse', 'store')),
  name       text not null,
  store_id   text collate "C",
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint location_store_id_key unique (store_id),
  -- A store's location names its store; a warehouse belongs to none.
  constraint location_store_check check ((type = 'store') = (store_id is not null))
);

insert into location (id, type, name) values ('loc_online', 'warehouse', 'Entrepôt en ligne');

create table sku (
  sku             text collate "C" primary key,
  product_id      text collate "C" not null,
  -- Catalog events may arrive out of order: an older version never overwrites a newer one.
  product_version integer not null,
  -- A deleted product's sku stays (its history does), but takes no new stock.
  active          boolean not null default true,
  updated_at      timestamptz not null default now()
);
create index sku_product_idx on sku (product_id);

create table stock_level (
  -- on update cascade: a product whose sku changes keeps its stock and history.
  sku         text collate "C" not null references sku (sku) on update cascade,
  location_id text collate "C" not null references location (id),
  on_hand     integer not null default 0,
  reserved    integer not null default 0,
  -- null: the configured default.
  threshold   integer check (threshold >= 0),
  -- Armed while available >= threshold; stock.low fires when an armed level drops below it.
  alert_armed boolean not null default false,
  updated_at  timestamptz not null default now(),
  primary key (sku, location_id),
  -- The last word on "never negative": no code path can store an overdrawn level.
  constraint stock_level_on_hand_check check (on_hand >= 0),
  constraint stock_level_reserved_check check (reserved >= 0 and reserved <= on_hand)
);
create index stock_level_location_idx on stock_level (location_id, sku);

create table movement (
  id          text collate "C" primary key,
  sku         text collate "C" not null references sku (sku) on update cascade,
  location_id text collate "C" not null references location (id),
  kind        text not null check (kind in (
                'receive', 'sale', 'return', 'adjust', 'count', 'transfer_out', 'transfer_in',
                'reservation_commit')),
  quantity    integer not null,
  reason      text,
  reference   text,
  actor       text,
  created_at  timestamptz not null default now(),
  -- A count that matches the shelf is worth recording; any other movement moves something.
  constraint movement_quantity_check check (quantity <> 0 or kind = 'count')
);
create index movement_level_idx on movement (sku, location_id, id);

create table reservation (
  id             text collate "C" primary key,
  order_id       text collate "C" not null,
  location_id    text collate "C" not null references location (id),
  status         text not null check (status in ('active', 'committed', 'released', 'rejected')),
  request_hash   text not null,
  expires_at     timestamptz not null,
  release_reason text check (release_reason in ('requested', 'expired')),
  shortages      jsonb not null default '[]',
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  -- One reservation per order: asking again answers with the first.
  constraint reservation_order_id_key unique (order_id)
);
create index reservation_expiry_idx on reservation (expires_at) where status = 'active';

create table reservation_line (
  reservation_id text collate "C" not null references reservation (id),
  sku            text collate "C" not null references sku (sku) on update cascade,
  quantity       integer not null check (quantity > 0),
  primary key (reservation_id, sku)
);

create table idempotency_key (
  scope        text not null,
  -- Keys are the caller's: two callers choosing the same key never see each other's answer.
  subject      text not null,
  key          text not null,
  request_hash text not null,
  -- Null only inside the transaction that claimed the key: others wait for it to commit.
  status_code  integer,
  response     jsonb,
  created_at   timestamptz not null default now(),
  primary key (scope, subject, key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);

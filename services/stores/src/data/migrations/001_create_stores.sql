-- Stores, their registers, the cash sessions of each register, and the ledger of the sales and
-- returns each session handled (learned from ordering's events), from which X/Z reports are made.
-- "C" collation on ids: ULID-based ids compare bytewise, in creation order, on both databases.

create table store (
  id         text collate "C" primary key,
  code       text collate "C" not null,
  name       text not null,
  district   text not null,
  type       text not null check (type in ('boutique', 'warehouse', 'kiosk')),
  address    text not null,
  currency   text not null check (currency ~ '^[A-Z]{3}$'),
  -- [{code, label, ratePpm}], in the order the receipt prints them.
  taxes      jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint store_code_key unique (code)
);

create table register (
  id         text collate "C" primary key,
  store_id   text collate "C" not null references store (id),
  name       text not null,
  created_at timestamptz not null
);
-- "Caisse 1" and "caisse 1" are the same till to the people standing at it.
create unique index register_store_name_key on register (store_id, lower(name));
create index register_store_idx on register (store_id, id);

create table cash_session (
  id               text collate "C" primary key,
  register_id      text collate "C" not null references register (id),
  store_id         text collate "C" not null references store (id),
  cashier_id       text not null,
  status           text not null check (status in ('open', 'closed')),
  currency         text not null check (currency ~ '^[A-Z]{3}$'),
  opening_float    bigint not null check (opening_float >= 0),
  opened_at        timestamptz not null,
  closed_at        timestamptz,
  closed_by        text,
  -- At close: what the ledger said the drawer holds, what was counted, counted − expected.
  expected_cash    bigint,
  counted_cash     bigint check (counted_cash >= 0),
  difference_cents bigint,
  close_note       text,
  constraint cash_session_closed_check check (
    (status = 'open' and closed_at is null and counted_cash is null and expected_cash is null)
    or (status = 'closed' and closed_at is not null and counted_cash is not null and expected_cash is not null
        and difference_cents = counted_cash - expected_cash)
  )
);
-- The rule "a register has at most one open session", kept by the database whatever the race.
create unique index cash_session_one_open_key on cash_session (register_id) where status = 'open';
create index cash_session_register_idx on cash_session (register_id, id);

-- One row per sale (sale.completed), whatever the number of deliveries of its event.
create table session_sale (
  sale_id        text collate "C" primary key,
  session_id     text collate "C" not null references cash_session (id),
  register_id    text collate "C" not null,
  store_id       text collate "C" not null,
  cashier_id     text not null,
  receipt_number integer not null,
  currency       text not null,
  subtotal       bigint not null,
  -- [{code, label, ratePpm, amount}] as the receipt charged them.
  taxes          jsonb not null,
  total          bigint not null,
  method         text not null check (method in ('cash', 'card')),
  paid           bigint not null,
  completed_at   timestamptz not null,
  recorded_at    timestamptz not null default now(),
  -- Recorded after its session closed: not in the expected cash computed at close.
  late           boolean not null
);
create index session_sale_session_idx on session_sale (session_id);

-- One row per return (sale.returned). `session_id` is the drawer the refund counts against: the
-- one the event names, else the original sale's session once known, else none (null).
create table session_return (
  return_id    text collate "C" primary key,
  sale_id      text collate "C" not null,
  session_id   text collate "C" references cash_session (id),
  -- How session_id was found: 'event' (named by it) or 'sale' (the original sale's session).
  attributed   text check (attributed in ('event', 'sale')),
  store_id     text collate "C" not null,
  cashier_id   text not null,
  method       text not null check (method in ('cash', 'card')),
  currency     text not null,
  amount       bigint not null,
  returned_at  timestamptz not null,
  recorded_at  timestamptz not null default now(),
  late         boolean not null default false,
  constraint session_return_session_check check ((session_id is null) = (attributed is null))
);
create index session_return_session_idx on session_return (session_id);
create index session_return_sale_idx on session_return (sale_id) where session_id is null;

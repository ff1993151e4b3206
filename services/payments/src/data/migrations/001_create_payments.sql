-- Payments, refunds and the idempotency keys that make creating them safe to retry.
-- No column holds a card number or security code: only brand, last four digits and expiry.

create table payment (
  -- "C" collation: ids are ULID-based and must sort bytewise, in creation order.
  id                 text collate "C" primary key,
  status             text not null check (status in ('pending', 'succeeded', 'failed')),
  method             text not null check (method in ('cash', 'card')),
  amount             bigint not null check (amount > 0),
  currency           text not null check (currency ~ '^[A-Z]{3}$'),
  reference_kind     text not null check (reference_kind in ('order', 'sale')),
  reference_id       text not null,
  tendered           bigint,
  change_due         bigint,
  card_brand         text,
  card_last4         text check (card_last4 ~ '^[0-9]{4}$'),
  card_exp_month     integer,
  card_exp_year      integer,
  failure_reason     text,
  failure_message    text,
  amount_refunded    bigint not null default 0,
  provider_charge_id text,
  attempts           integer not null default 0,
  created_by         text not null,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  -- The last word on the two rules money must never break, whatever a bug upstream does.
  constraint payment_refund_within_amount check (amount_refunded >= 0 and amount_refunded <= amount),
  constraint payment_cash_change check (
    method <> 'cash' or (tendered >= amount and change_due = tendered - amount)
  )
);
create index payment_reference_idx on payment (reference_kind, reference_id, id);

create table refund (
  id                 text collate "C" primary key,
  payment_id         text collate "C" not null references payment (id),
  status             text not null check (status in ('pending', 'succeeded')),
  amount             bigint not null check (amount > 0),
  currency           text not null check (currency ~ '^[A-Z]{3}$'),
  reason             text,
  provider_refund_id text,
  created_by         text not null,
  created_at         timestamptz not null,
  updated_at         timestamptz not null
);
create index refund_payment_idx on refund (payment_id, id);

-- One row per (caller, key): the primary key decides which of many concurrent requests runs.
create table idempotency_key (
  scope        text not null,
  key          text not null,
  operation    text not null,
  -- SHA-256 of the request as understood, card reduced to its summary (never the number).
  fingerprint  text not null,
  resource_id  text collate "C",
  -- Held by one attempt until `locked_until`; null once answered or given back.
  holder       text,
  locked_until timestamptz,
  response     jsonb,
  created_at   timestamptz not null,
  completed_at timestamptz,
  primary key (scope, key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);

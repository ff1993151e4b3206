-- Issue 9: a register that sold while offline syncs its sales later, and a sale is a fact: its
-- stock leaves even if the books say there is none. Only that path ('offline_sale' movements) may
-- take a level below zero, and it marks the level `oversold`; every other path still refuses to
-- overdraw (the conditional update), and the constraints still hold for every level not oversold.
-- A count that resolves the level's reconciliation clears the mark.
alter table stock_level add column oversold boolean not null default false;
alter table stock_level drop constraint stock_level_on_hand_check;
alter table stock_level drop constraint stock_level_reserved_check;
alter table stock_level add constraint stock_level_on_hand_check check (on_hand >= 0 or oversold);
alter table stock_level add constraint stock_level_reserved_check
  check (reserved >= 0 and (reserved <= on_hand or oversold));

alter table movement drop constraint movement_kind_check;
alter table movement add constraint movement_kind_check check (kind in (
  'receive', 'sale', 'return', 'adjust', 'count', 'transfer_out', 'transfer_in',
  'reservation_commit', 'offline_sale'));

-- What the manager must count: offline sales took a sku at a store below zero. One open record
-- per sku and location (later oversells join it); resolved by a count, which sets the level.
create table reconciliation (
  id             text collate "C" primary key,
  sku            text collate "C" not null references sku (sku) on update cascade,
  location_id    text collate "C" not null references location (id),
  status         text not null check (status in ('open', 'resolved')),
  -- How far below zero available stock stood after the last offline sale that joined it.
  quantity_short integer not null check (quantity_short >= 1),
  -- The offline sales involved, oldest first.
  sale_ids       jsonb not null,
  opened_at      timestamptz not null,
  updated_at     timestamptz not null,
  resolved_at    timestamptz,
  resolved_by    text,
  counted        integer check (counted >= 0),
  movement_id    text collate "C",
  constraint reconciliation_resolved_check check ((status = 'resolved') = (resolved_at is not null))
);
create unique index reconciliation_one_open_key on reconciliation (sku, location_id) where status = 'open';
create index reconciliation_location_idx on reconciliation (location_id, status, id);

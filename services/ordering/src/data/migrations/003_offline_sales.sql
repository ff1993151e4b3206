-- Issue 9: sales a register made while offline, synced later. Such a sale has no cart (the
-- register kept the basket itself) and carries its receipt from the register's offline series
-- (`<prefix>-<device>-000017`): the series is part of the receipt's identity, so an offline
-- number can never collide with the online one (series '') of the same register, and one offline
-- number given to two sales is refused by the database whatever the race.
alter table orders alter column cart_id drop not null;
alter table orders add column receipt_series text not null default '';
alter table orders drop constraint orders_receipt_per_register;
alter table orders add constraint orders_receipt_per_register unique (register_id, receipt_series, receipt_number);
-- {receipt, syncedAt, review}: the receipt as printed offline, when it reached us, what the
-- manager should look at (a card taken outside the store's offline-card policy).
alter table orders add column offline jsonb;
alter table orders add constraint orders_pos_has_a_cart_or_is_offline check (
  channel <> 'pos' or cart_id is not null or offline is not null
);

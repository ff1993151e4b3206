-- Issue 9: a card a register took while offline is recorded when its sale syncs, as
-- `offline_authorized` — to be captured later; payments charged nothing for it.
alter table payment drop constraint payment_status_check;
alter table payment add constraint payment_status_check
  check (status in ('pending', 'succeeded', 'failed', 'offline_authorized'));

-- Issue 9: registers that keep selling offline. Each store says whether its registers may take
-- cards while offline and up to how much per sale (the manager's call); the register caches it.
-- Off by default: a card taken offline is money not yet known to exist.
alter table store add column offline_card_enabled boolean not null default false;
alter table store add column offline_card_limit bigint check (offline_card_limit >= 0);

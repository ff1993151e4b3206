-- One row per email to send. Written in the same transaction as the inbox record of the event
-- that asked for it (event_id unique: one event, one email), then sent by the delivery loop.
create table emails (
  id text primary key,
  event_id text not null unique,
  event_type text not null,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  -- Counted when an attempt is claimed, so a crash mid-send still uses one up.
  attempts integer not null default 0,
  last_error text,
  -- When a pending email is next due; a claim pushes it forward as a lease.
  next_attempt_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  -- Where it went: 'smtp' or the embedded 'mailbox'.
  transport text
);

create index emails_due on emails (next_attempt_at) where status = 'pending';
create index emails_by_recipient on emails (lower(to_address), id);

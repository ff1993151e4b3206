-- Accounts, their sessions and credentials, and the keys that sign their tokens.
-- Secrets are never stored: tokens, keys and client secrets as SHA-256 digests, passwords as Argon2id.

create table app_user (  -- "user" is a reserved word
  -- "C" collation: ids are ULID-based and must sort bytewise, in creation order.
  id                text collate "C" primary key,
  email             text not null,  -- trimmed and lower-cased by the service
  display_name      text not null,
  password_hash     text not null,
  roles             text[] not null,
  store_ids         text[] not null default '{}',
  email_verified_at timestamptz,
  disabled_at       timestamptz,
  version           integer not null default 1,
  created_at        timestamptz not null,
  updated_at        timestamptz not null,
  constraint app_user_email_key unique (email)
);
create index app_user_roles_idx on app_user using gin (roles);

create table email_verification (
  token_hash text primary key,
  user_id    text collate "C" not null references app_user (id) on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at    timestamptz
);
create index email_verification_user_idx on email_verification (user_id, created_at);

-- A family is one sign-in and every refresh token rotated from it; revoking it ends the session.
create table session_family (
  id             text collate "C" primary key,
  user_id        text collate "C" not null references app_user (id) on delete cascade,
  created_at     timestamptz not null,
  revoked_at     timestamptz,
  revoked_reason text
);
create index session_family_user_idx on session_family (user_id) where revoked_at is null;

create table refresh_token (
  token_hash text primary key,
  family_id  text collate "C" not null references session_family (id) on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at    timestamptz  -- set when rotated: presenting it again is reuse
);
create index refresh_token_family_idx on refresh_token (family_id);

-- Failed sign-ins, counted per account and per address over a sliding window by every replica.
create table sign_in_failure (
  id        bigserial primary key,
  email     text not null,
  ip        text not null,
  failed_at timestamptz not null
);
create index sign_in_failure_email_idx on sign_in_failure (email, failed_at desc);
create index sign_in_failure_ip_idx on sign_in_failure (ip, failed_at desc);
create index sign_in_failure_failed_at_idx on sign_in_failure (failed_at);

create table signing_key (
  kid         text collate "C" primary key,
  algorithm   text not null,
  public_jwk  jsonb not null,
  private_jwk text not null,  -- JSON, or AES-256-GCM sealed when IDENTITY_KEY_ENCRYPTION_KEY is set
  state       text not null check (state in ('active', 'retiring')),
  created_at  timestamptz not null,
  retired_at  timestamptz
);
-- One active key, even when replicas start or rotate together.
create unique index signing_key_one_active on signing_key (state) where state = 'active';

create table api_key (
  id           text collate "C" primary key,
  owner_id     text collate "C" not null references app_user (id) on delete cascade,
  name         text not null,
  prefix       text not null,
  secret_hash  text not null,
  scopes       text[] not null,
  created_at   timestamptz not null,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  constraint api_key_prefix_key unique (prefix)
);
create index api_key_owner_idx on api_key (owner_id, id);

create table oauth_client (
  id          text collate "C" primary key,
  name        text not null,
  secret_hash text not null,
  scopes      text[] not null,
  created_by  text not null,
  created_at  timestamptz not null,
  revoked_at  timestamptz
);

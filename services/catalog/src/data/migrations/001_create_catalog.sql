-- Products and categories, with a search index that ignores accents and case.

-- Already present on the embedded database (the kit installs them); on a real server the
-- database owner can create them (both are trusted extensions).
create extension if not exists unaccent schema public;
create extension if not exists pg_trgm schema public;

-- unaccent() is only STABLE (its dictionary could change), so it cannot feed a generated column
-- or an index. Naming the dictionary makes the result depend on the input alone.
create or replace function immutable_unaccent(text) returns text
  language sql immutable parallel safe strict
  as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

create table category (
  id         text collate "C" primary key,
  slug       text not null,
  name       text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint category_slug_key unique (slug)
);

create table product (
  -- "C" collation: ids are ULID-based and must sort bytewise, in creation order.
  id             text collate "C" primary key,
  sku            text not null,
  name           text not null,
  description    text not null default '',
  price_amount   bigint not null check (price_amount >= 0),
  price_currency text not null check (price_currency ~ '^[A-Z]{3}$'),
  category_id    text collate "C" not null references category (id),
  seller_id      text,
  active         boolean not null default true,
  version        integer not null default 1,
  created_at     timestamptz not null,
  updated_at     timestamptz not null,
  -- Name and sku weigh most. The plain ('simple') words serve prefix search ("chai" finds
  -- "chaise"); the French and English stems let "chaises" find "chaise" and "chairs" find "chair".
  search tsvector generated always as (
    setweight(to_tsvector('simple', immutable_unaccent(name || ' ' || sku)), 'A') ||
    setweight(to_tsvector('simple', immutable_unaccent(description)), 'B') ||
    setweight(to_tsvector('french', immutable_unaccent(name || ' ' || description)), 'C') ||
    setweight(to_tsvector('english', immutable_unaccent(name || ' ' || description)), 'D')
  ) stored
);

-- Skus are typed and scanned by people: "abc-1" and "ABC-1" are the same sku.
create unique index product_sku_key on product (lower(sku));
create index product_search_idx on product using gin (search);
create index product_category_idx on product (category_id, id);
create index product_seller_idx on product (seller_id, id) where seller_id is not null;

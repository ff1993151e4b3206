import type { ProductSearch } from '../domain/ports.ts';
import { PRODUCT_COLUMNS } from './rows.ts';

/**
 * The search query text for `to_tsquery`: every word must match, the last one as a prefix
 * ("chai" finds "chaise"). The words are letters and digits only (see `searchWords`), so they
 * cannot inject tsquery operators.
 */
export function tsqueryText(words: readonly string[]): string {
  return words.map((word, i) => (i === words.length - 1 ? `${word}:*` : word)).join(' & ');
}

// Plain words, French stems or English stems: a product matches in whichever reads it best.
const QUERY = `(to_tsquery('simple', immutable_unaccent($1)) ||
  to_tsquery('french', immutable_unaccent($1)) || to_tsquery('english', immutable_unaccent($1)))`;

// ts_rank is a float4; as an integer it compares exactly, which a cursor needs. Ties go by id.
const RANK = `floor(ts_rank(search, ${QUERY}) * 1000000)::int`;

/**
 * One keyset page: by relevance then id when there are words, by id (creation order) otherwise.
 */
export function searchStatement(search: ProductSearch): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const ranked = search.words.length > 0;
  if (ranked) p(tsqueryText(search.words));

  const where: string[] = [];
  const { sku, category, sellerId, active, minPrice, maxPrice } = search.filters;
  if (ranked) where.push(`search @@ ${QUERY}`);
  // The unique index on lower(sku) answers this one.
  if (sku !== undefined) where.push(`lower(sku) = lower(${p(sku)})`);
  if (category !== undefined) {
    const value = p(category);
    where.push(`category_id in (select id from category where id = ${value} or slug = ${value})`);
  }
  if (sellerId !== undefined) where.push(`seller_id = ${p(sellerId)}`);
  if (active !== undefined) where.push(`active = ${p(active)}`);
  if (minPrice !== undefined) where.push(`price_amount >= ${p(minPrice)}`);
  if (maxPrice !== undefined) where.push(`price_amount <= ${p(maxPrice)}`);

  const filtered = `select ${PRODUCT_COLUMNS}${ranked ? `, ${RANK} as rank` : ''}
    from product ${where.length > 0 ? `where ${where.join(' and ')}` : ''}`;

  const after = search.after;
  let position = '';
  if (after && 'rank' in after) {
    const rank = p(after.rank);
    position = `where rank < ${rank} or (rank = ${rank} and id > ${p(after.id)})`;
  } else if (after) {
    position = `where id > ${p(after.id)}`;
  }
  const order = ranked ? 'rank desc, id' : 'id';
  return {
    sql: `select * from (${filtered}) hits ${position} order by ${order} limit ${p(search.take)}`,
    params,
  };
}

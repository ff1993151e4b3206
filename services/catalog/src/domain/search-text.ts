/** Words beyond this many add cost and rarely precision. */
const MAX_WORDS = 8;

/**
 * Splits what a person typed into search words, without accents or case, so "CAFÉ", "Café" and
 * "cafe" are one search (and one cache entry). Only letters and digits survive, which also keeps
 * the words safe to hand to PostgreSQL's `to_tsquery`.
 */
export function searchWords(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, MAX_WORDS);
}

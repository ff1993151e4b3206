import { describe, expect, it } from 'vitest';
import { badRequest } from '../src/errors/errors.ts';
import { cursorCodec, idCursor, pageOf } from '../src/http/cursor.ts';

const invalid = () => badRequest('TEST_INVALID_CURSOR', 'bad cursor');
const ID = 'prod_01J8ZQ3V5W6X7Y8Z9A0B1C2D3E';

describe('cursors', () => {
  it('round-trips an id, and the first page has none', () => {
    const cursor = idCursor(invalid);
    expect(cursor.decode(cursor.encode(ID))).toBe(ID);
    expect(cursor.decode(undefined)).toBeUndefined();
  });

  it.each([
    ['not base64url', '%%%'],
    ['not JSON', Buffer.from('{id:').toString('base64url')],
    ['an array', Buffer.from('[1]').toString('base64url')],
    ['a foreign id', Buffer.from(JSON.stringify({ id: "x'; drop table" })).toString('base64url')],
    ['an extra field', Buffer.from(JSON.stringify({ id: ID, admin: true })).toString('base64url')],
  ])('refuses %s with the service’s own problem', (_what, value) => {
    expect(() => idCursor(invalid).decode(value)).toThrowError(
      expect.objectContaining({ code: 'TEST_INVALID_CURSOR' }),
    );
  });

  it('carries any sort key a list validates', () => {
    const ranked = cursorCodec(
      ({ rank, id }) => (typeof rank === 'number' && typeof id === 'string' ? { rank, id } : undefined),
      invalid,
    );
    expect(ranked.decode(ranked.encode({ rank: 42, id: ID }))).toEqual({ rank: 42, id: ID });
  });

  it('says another page follows only when the extra row came back', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(
      pageOf(
        rows,
        2,
        (r) => r.id,
        (r) => `after:${r.id}`,
      ),
    ).toEqual({ items: ['a', 'b'], nextCursor: 'after:b' });
    expect(
      pageOf(
        rows,
        3,
        (r) => r.id,
        (r) => r.id,
      ).nextCursor,
    ).toBeNull();
  });
});

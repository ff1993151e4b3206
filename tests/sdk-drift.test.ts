/**
 * packages/sdk is generated from the merged OpenAPI document the gateway serves. A service whose
 * routes or schemas changed without `npm run sdk:generate` leaves the web app typed against an
 * API that no longer exists: this fails until the committed SDK is regenerated.
 */
import { describe, expect, it } from 'vitest';
import { committedSdk, fetchMergedDocument, renderSdk } from '../scripts/sdk/merged-document.ts';

const STALE = 'the SDK is stale: run npm run sdk:generate';

describe('the generated SDK', () => {
  it('matches the merged OpenAPI document the gateway serves today', { timeout: 600_000 }, async () => {
    const committed = await committedSdk();
    const fresh = await renderSdk(await fetchMergedDocument());
    // Compared as documents first: a failure then names the paths that moved, not a 2 MB diff.
    const committedDocument = committed.json === undefined ? undefined : JSON.parse(committed.json);
    const freshDocument = JSON.parse(fresh.json);
    expect(Object.keys(committedDocument?.paths ?? {}), STALE).toEqual(Object.keys(freshDocument.paths));
    expect(committed.json === fresh.json, STALE).toBe(true);
    expect(committed.schema === fresh.schema, STALE).toBe(true);
  });
});

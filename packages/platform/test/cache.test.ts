import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CacheAside, createCache } from '../src/cache/index.ts';
import { MemoryCache } from '../src/cache/memory.ts';
import type { Cache } from '../src/cache/types.ts';
import { testCache } from '../src/testing/cache.ts';

const backends: Array<[string, () => Promise<Cache>]> = [['memory', async () => new MemoryCache()]];
if (process.env.COMPTOIR_REDIS_URL) backends.push(['redis', () => testCache('cache-test')]);

/** A promise and the function that settles it, to hold a loader mid-flight. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe.each(backends)('the %s cache', (_name, make) => {
  let cache: Cache;
  beforeAll(async () => {
    cache = await make();
  });
  afterAll(() => cache.close());

  it('returns what was set, and nothing for an unknown key', async () => {
    await cache.set('basket', { items: ['bread'], total: 3.5 }, 60);
    expect(await cache.get('basket')).toEqual({ items: ['bread'], total: 3.5 });
    expect(await cache.get('never-set')).toBeUndefined();
  });

  it('keeps its copy safe from callers that mutate what they got', async () => {
    const value = { items: ['bread'] };
    await cache.set('mutable', value, 60);
    value.items.push('butter');
    const read = await cache.get<{ items: string[] }>('mutable');
    read?.items.push('jam');
    expect(await cache.get('mutable')).toEqual({ items: ['bread'] });
  });

  it('forgets a value once its ttl has passed', async () => {
    await cache.set('short-lived', 'soon gone', 1);
    expect(await cache.get('short-lived')).toBe('soon gone');
    await sleep(1_100);
    expect(await cache.get('short-lived')).toBeUndefined();
  });

  it('deletes several keys at once', async () => {
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    await cache.del('a', 'b', 'absent');
    expect([await cache.get('a'), await cache.get('b')]).toEqual([undefined, undefined]);
  });

  it('counts up from zero, and the count reads back as a number', async () => {
    expect(await cache.incr('counter')).toBe(1);
    expect(await cache.incr('counter')).toBe(2);
    expect(await cache.get('counter')).toBe(2);
  });

  it('refuses to store undefined', async () => {
    await expect(cache.set('nothing', undefined, 60)).rejects.toThrow(TypeError);
  });

  it('compare-and-set stores only over the value the writer read, with a fresh ttl', async () => {
    expect(await cache.compareAndSet('cas', undefined, { lines: ['bread'], version: 1 }, 60)).toBe(true);
    expect(await cache.compareAndSet('cas', undefined, { lines: ['jam'], version: 1 }, 60)).toBe(false);
    const read = await cache.get<{ lines: string[]; version: number }>('cas');
    expect(read).toEqual({ lines: ['bread'], version: 1 });
    const next = { lines: [...(read?.lines ?? []), 'butter'], version: 2 };
    expect(await cache.compareAndSet('cas', read, next, 1)).toBe(true);
    // A second writer that read the same version loses, and must read again.
    expect(await cache.compareAndSet('cas', read, { lines: ['bread', 'jam'], version: 2 }, 60)).toBe(false);
    expect(await cache.get('cas')).toEqual({ lines: ['bread', 'butter'], version: 2 });
    await sleep(1_100);
    expect(await cache.get('cas')).toBeUndefined();
  });

  it('compare-and-set does not revive a deleted key, and compares counters by their value', async () => {
    await cache.set('gone', 'v1', 60);
    await cache.del('gone');
    expect(await cache.compareAndSet('gone', 'v1', 'v2', 60)).toBe(false);
    expect(await cache.get('gone')).toBeUndefined();
    await cache.incr('cas-counter');
    expect(await cache.compareAndSet('cas-counter', 2, 5, 60)).toBe(false);
    expect(await cache.compareAndSet('cas-counter', 1, 5, 60)).toBe(true);
    expect(await cache.get('cas-counter')).toBe(5);
  });

  it('of 20 writers adding to one value at once with compare-and-set and retries, none is lost', async () => {
    await cache.set('together', { items: [] as number[] }, 60);
    const add = async (item: number) => {
      for (;;) {
        const current = await cache.get<{ items: number[] }>('together');
        const next = { items: [...(current?.items ?? []), item] };
        if (await cache.compareAndSet('together', current, next, 60)) return;
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => add(i)));
    const final = await cache.get<{ items: number[] }>('together');
    expect([...(final?.items ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('answers a ping', async () => {
    await expect(cache.ping()).resolves.toBeUndefined();
  });

  describe('read through CacheAside', () => {
    const results: boolean[] = [];
    let aside: CacheAside;
    beforeAll(() => {
      aside = new CacheAside(cache, { onResult: (hit) => results.push(hit), redeleteAfterMs: 100 });
    });
    afterEach(() => {
      results.length = 0;
    });

    it('loads a miss once, then serves it from the cache, reporting a miss then a hit', async () => {
      let loads = 0;
      const load = async () => ({ id: 42, loads: ++loads });
      expect(await aside.get('product:42', 60, load)).toEqual({ id: 42, loads: 1 });
      expect(await aside.get('product:42', 60, load)).toEqual({ id: 42, loads: 1 });
      expect(results).toEqual([false, true]);
    });

    it('calls the loader once when 50 callers miss the same key together', async () => {
      let loads = 0;
      const load = async () => {
        loads += 1;
        await sleep(20);
        return { name: 'croissant' };
      };
      const answers = await Promise.all(Array.from({ length: 50 }, () => aside.get('hot', 60, load)));
      expect(loads).toBe(1);
      expect(answers).toHaveLength(50);
      for (const answer of answers) expect(answer).toEqual({ name: 'croissant' });
      answers[0]!.name = 'mutated';
      expect(answers[1]).toEqual({ name: 'croissant' });
    });

    it('shares a failed load with every waiting caller and caches nothing', async () => {
      const boom = async (): Promise<string> => {
        await sleep(10);
        throw new Error('database down');
      };
      const both = [aside.get('failing', 60, boom), aside.get('failing', 60, boom)];
      for (const call of both) await expect(call).rejects.toThrow('database down');
      expect(await aside.get('failing', 60, async () => 'recovered')).toBe('recovered');
    });

    it('does not cache undefined', async () => {
      let loads = 0;
      const load = async () => {
        loads += 1;
        return undefined;
      };
      await aside.get('missing-row', 60, load);
      await aside.get('missing-row', 60, load);
      expect(loads).toBe(2);
    });

    it('reads fresh data after a key is invalidated', async () => {
      let price = 100;
      const load = async () => ({ price });
      expect(await aside.get('price', 60, load)).toEqual({ price: 100 });
      price = 120;
      await aside.invalidate('price');
      expect(await aside.get('price', 60, load)).toEqual({ price: 120 });
    });

    it('does not store a value loaded before an invalidation that lands while it loads', async () => {
      let price = 100;
      const started = gate();
      const release = gate();
      const slowLoad = aside.get('race', 60, async () => {
        const read = { price };
        started.open();
        await release.promise;
        return read;
      });
      await started.promise;
      price = 120;
      await aside.invalidate('race');
      release.open();
      expect(await slowLoad).toEqual({ price: 100 });
      expect(await aside.get('race', 60, async () => ({ price }))).toEqual({ price: 120 });
    });

    it('undoes a stale write from another replica whose load straddled the invalidation', async () => {
      const otherReplica = new CacheAside(cache);
      let stock = 5;
      const started = gate();
      const release = gate();
      const slowLoad = otherReplica.get('stock', 60, async () => {
        const read = stock;
        started.open();
        await release.promise;
        return read;
      });
      await started.promise;
      stock = 4;
      await aside.invalidate('stock');
      release.open();
      await slowLoad; // writes the stale 5 after the invalidation
      await sleep(200); // past redeleteAfterMs
      expect(await aside.get('stock', 60, async () => stock)).toBe(4);
    });

    it('misses every key of a namespace once it is bumped', async () => {
      let hits = 3;
      const search = async (query: string) =>
        aside.get(`${await aside.namespaceKey('search')}:${query}`, 60, async () => ({ query, hits }));
      expect(await search('bread')).toEqual({ query: 'bread', hits: 3 });
      hits = 4;
      expect(await search('bread')).toEqual({ query: 'bread', hits: 3 });
      await aside.bumpNamespace('search');
      expect(await search('bread')).toEqual({ query: 'bread', hits: 4 });
    });

    it('never serves what a load that began before a namespace bump writes after it', async () => {
      let hits = 3;
      const started = gate();
      const release = gate();
      const key = `${await aside.namespaceKey('listing')}:all`;
      const slowLoad = aside.get(key, 60, async () => {
        const read = { hits };
        started.open();
        await release.promise;
        return read;
      });
      await started.promise;
      hits = 4;
      await aside.bumpNamespace('listing');
      release.open();
      await slowLoad;
      const fresh = await aside.get(`${await aside.namespaceKey('listing')}:all`, 60, async () => ({ hits }));
      expect(fresh).toEqual({ hits: 4 });
    });
  });
});

describe('a cache whose Redis is down', () => {
  let cache: Cache;
  beforeAll(async () => {
    cache = await createCache({ service: 'down', url: 'redis://127.0.0.1:1' });
  });
  afterAll(() => cache.close());

  it('still starts, and its operations fail fast instead of hanging', async () => {
    expect(cache.kind).toBe('redis');
    const started = Date.now();
    await expect(cache.get('anything')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('falls back to the loader without throwing, counting misses', async () => {
    const results: boolean[] = [];
    const warnings: unknown[] = [];
    const aside = new CacheAside(cache, {
      onResult: (hit) => results.push(hit),
      log: { warn: (details: unknown) => warnings.push(details) },
    });
    const key = `${await aside.namespaceKey('search')}:bread`;
    expect(await aside.get(key, 60, async () => ({ hits: 3 }))).toEqual({ hits: 3 });
    expect(await aside.get('product:1', 60, async () => 'loaded')).toBe('loaded');
    await expect(aside.invalidate('product:1')).resolves.toBeUndefined();
    await expect(aside.bumpNamespace('search')).resolves.toBeUndefined();
    expect(results).toEqual([false, false]);
    expect(warnings).toHaveLength(1); // throttled: one line says the cache is down
  });
});

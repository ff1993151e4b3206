import type { Socket } from 'node:net';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../src/bus/types.ts';
import { MemoryCache } from '../src/cache/memory.ts';
import { drain } from '../src/health/health.ts';
import { type BuiltService, buildService } from '../src/service/build.ts';
import { defineService } from '../src/service/define.ts';
import { testBus } from '../src/testing/bus.ts';

const refused = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));

/** An in-process cache whose server has gone away: every ping fails, as Redis's would. */
class UnreachableCache extends MemoryCache {
  override ping = refused;
}

/** A bus whose broker is down (restarting): its ping fails, as RabbitMQ's would. */
async function unreachableBus(): Promise<Bus> {
  const bus = await testBus();
  return Object.assign(Object.create(bus) as Bus, { ping: refused, close: () => bus.close() });
}

const serviceWith = (cache: boolean | 'store', bus = false) =>
  defineService({
    name: 'readiness-demo',
    defaultPort: 0,
    needs: { db: false, bus, cache },
    setup({ app }) {
      app.get('/work', { config: { public: true } }, async () => ({ done: true }));
    },
  });

let service: BuiltService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('readiness and the dependencies every replica shares', () => {
  it('a cache-aside service stays ready while its cache is unreachable, and says the cache is down', async () => {
    service = await buildService(serviceWith(true), { cache: new UnreachableCache() });
    const answer = await service.app.inject({ method: 'GET', url: '/health/ready' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().checks.cache).toMatch(/^down: .*ECONNREFUSED/);
  });

  it('a service that keeps its data in the cache turns not-ready while it is unreachable, naming it', async () => {
    service = await buildService(serviceWith('store'), { cache: new UnreachableCache() });
    const answer = await service.app.inject({ method: 'GET', url: '/health/ready' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json().checks.cache).toMatch(/^down: .*ECONNREFUSED/);
  });

  it('a service stays ready while its broker restarts (its outbox keeps the events), and says the bus is down', async () => {
    service = await buildService(serviceWith(true, true), {
      cache: new MemoryCache(),
      bus: await unreachableBus(),
    });
    const answer = await service.app.inject({ method: 'GET', url: '/health/ready' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().checks.bus).toMatch(/^down: /);
  });
});

describe('a replica leaving', () => {
  it('says it is not ready while it drains, and still serves the requests that reach it', async () => {
    service = await buildService(serviceWith(true), { cache: new MemoryCache() });
    drain(service.app);
    const ready = await service.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().status).toBe('draining');
    const work = await service.app.inject({ method: 'GET', url: '/work' });
    expect(work.statusCode).toBe(200);
  });

  it('lets a caller’s keep-alive connection go while it drains, so the next request opens one elsewhere', async () => {
    service = await buildService(serviceWith(true), { cache: new MemoryCache() });
    const address = await service.listen();
    const pool = new Pool(address, { connections: 1 });
    try {
      const before = await pool.request({ method: 'GET', path: '/work' });
      await before.body.text();
      expect(before.headers.connection).toBe('keep-alive');
      drain(service.app);
      const sockets: Socket[] = [];
      service.app.server.on('connection', (socket: Socket) => sockets.push(socket));
      const during = await pool.request({ method: 'GET', path: '/work' });
      await during.body.text();
      expect(during.statusCode).toBe(200);
      expect(during.headers.connection).toBe('close');
      const next = await pool.request({ method: 'GET', path: '/work' });
      await next.body.text();
      // The pooled connection was closed after the answer: the third request needed a new one.
      expect(sockets).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });
});

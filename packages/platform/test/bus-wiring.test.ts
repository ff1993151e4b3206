import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createEvent } from '../src/bus/envelope.ts';
import { createBus, createRabbitBus, sharedMemoryBus } from '../src/bus/index.ts';
import { encodeEvent } from '../src/bus/rabbitmq-wire.ts';

const source = '/comptoir/test';
const event = (type: string, data: unknown = {}) => createEvent({ type, source, data });

describe('createBus', () => {
  const log = pino({ level: 'silent' });

  it('gives every service of a process the same in-process bus; closing one view leaves the others running', async () => {
    const catalog = await createBus({ log });
    const search = await createBus({ log });
    expect(catalog.kind).toBe('memory');
    const seen: string[] = [];
    await search.subscribe({
      queue: 'search.products',
      topics: ['product.*'],
      handler: async (e) => {
        seen.push(e.type);
      },
    });
    await catalog.publish([event('product.created')]);
    await vi.waitFor(() => expect(seen).toEqual(['product.created']));

    await catalog.close();
    await sharedMemoryBus().publish([event('product.updated')]);
    await vi.waitFor(() => expect(seen).toEqual(['product.created', 'product.updated']));
    await search.close();
  });

  it.runIf(Boolean(process.env.COMPTOIR_AMQP_URL))('uses RabbitMQ when a URL is configured', async () => {
    const bus = await createBus({ url: process.env.COMPTOIR_AMQP_URL, log });
    expect(bus.kind).toBe('rabbitmq');
    await bus.ping();
    await bus.close();
  });

  it('fails fast with a clear message when RabbitMQ cannot be reached at start-up', async () => {
    const attempt = createRabbitBus({ url: 'amqp://guest:secret@127.0.0.1:1', log, connectTimeoutMs: 500 });
    await expect(attempt).rejects.toThrow(
      /Cannot connect to RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1/,
    );
  });
});

describe('the AMQP message of an event', () => {
  it('is persistent JSON routed by type, with the CloudEvents attributes as properties and headers', () => {
    const e = createEvent({
      type: 'stock.low',
      source: '/comptoir/inventory',
      data: { sku: 'A1' },
      subject: 'A1',
      correlationId: 'c9',
    });
    const { content, options } = encodeEvent(e);
    expect(JSON.parse(content.toString())).toEqual(e);
    expect(options).toMatchObject({
      persistent: true,
      contentType: 'application/json',
      messageId: e.id,
      type: 'stock.low',
      appId: '/comptoir/inventory',
      correlationId: 'c9',
      headers: { 'cloudEvents:id': e.id, 'cloudEvents:subject': 'A1', 'cloudEvents:correlationid': 'c9' },
    });
  });

  it('has a prefixed id that sorts in creation order and an ISO time', () => {
    const [a, b] = [event('x.happened'), event('x.happened')];
    expect(a.id).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a.id < b.id).toBe(true);
    expect(new Date(a.time).toISOString()).toBe(a.time);
  });
});

import type { Logger } from 'pino';
import { sharedMemoryBus } from './memory.ts';
import { createRabbitBus } from './rabbitmq.ts';
import type { Bus } from './types.ts';

export {
  DeadLetterErrorCodes,
  type DeadLetterRoutesOptions,
  deadLetterRoutes,
} from './dead-letters.routes.ts';
export * from './envelope.ts';
export * from './inbox.ts';
export { createMemoryBus, type MemoryBusOptions, sharedMemoryBus } from './memory.ts';
export * from './outbox.ts';
export { BusUnavailableError, createRabbitBus, type RabbitBusOptions } from './rabbitmq.ts';
export * from './types.ts';

/** Which bus a service gets. */
export interface BusOptions {
  /** `COMPTOIR_AMQP_URL`; unset means the process-wide in-process bus. */
  url?: string;
  log: Logger;
  /** RabbitMQ exchange. Default `comptoir.events`. */
  exchange?: string;
}

/**
 * The service's event bus: RabbitMQ when a URL is configured, else the in-process bus shared by
 * every service of this process (closing it closes only the caller's subscriptions).
 * @example
 * const bus = await createBus({ url: config.COMPTOIR_AMQP_URL, log });
 */
export async function createBus(options: BusOptions): Promise<Bus> {
  if (options.url) {
    return createRabbitBus({
      url: options.url,
      log: options.log,
      ...(options.exchange ? { exchange: options.exchange } : {}),
    });
  }
  return sharedMemoryBus({ log: options.log.child({ component: 'bus' }) });
}

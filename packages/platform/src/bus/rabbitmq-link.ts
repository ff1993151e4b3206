import { type ChannelModel, connect, type RecoveringChannelModel } from 'amqplib';
import type { Logger } from 'pino';

/** The broker cannot be reached right now; the caller should retry later (the outbox relay does). */
export class BusUnavailableError extends Error {
  override readonly name = 'BusUnavailableError';
}

/** How to reach RabbitMQ. */
export interface RabbitLinkOptions {
  url: string;
  log: Logger;
  /** How long the first connection may take before start-up fails. */
  connectTimeoutMs: number;
  /** Shown in the RabbitMQ management UI. */
  connectionName: string;
}

type ConnectListener = (model: ChannelModel) => void;

/**
 * One AMQP connection that reconnects by itself (amqplib's recovery, exponential back-off up to
 * 5 s). Channels do not survive a reconnect: their owners re-open them from `onConnect`.
 */
export class RabbitLink {
  readonly #listeners = new Set<ConnectListener>();
  readonly #log: Logger;
  readonly #where: string;
  #model: ChannelModel | null = null;
  #lastError: Error | undefined;
  #connections = 0;

  private constructor(
    readonly recovering: RecoveringChannelModel,
    options: RabbitLinkOptions,
  ) {
    this.#log = options.log;
    this.#where = withoutPassword(options.url);
    recovering.on('connect', (model) => this.#connected(model));
    recovering.on('disconnect', (error) => {
      this.#model = null;
      this.#lastError = error;
      this.#log.warn({ err: error, broker: this.#where }, 'RabbitMQ connection lost: reconnecting');
    });
    recovering.on('connect-failed', (error) => {
      this.#lastError = error;
      this.#log.debug({ err: error, broker: this.#where }, 'RabbitMQ connection attempt failed');
    });
    recovering.on('error', (error) => this.#log.warn({ err: error }, 'RabbitMQ connection error'));
    recovering.on('blocked', (reason) => this.#log.warn({ reason }, 'RabbitMQ blocked this connection'));
  }

  /** Connects, failing with a clear message when the broker is not there within the timeout. */
  static async open(options: RabbitLinkOptions): Promise<RabbitLink> {
    const recovering = await connect(withHeartbeat(options.url), {
      recovery: { initialDelay: 100, maxDelay: 5_000, waitForConnect: false },
      clientProperties: { connection_name: options.connectionName },
      // Without it, Nagle's algorithm holds small frames back and every confirm waits ~40 ms.
      noDelay: true,
    });
    const link = new RabbitLink(recovering, options);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), options.connectTimeoutMs);
    });
    try {
      await Promise.race([recovering.waitForConnect(), timeout]);
      return link;
    } catch (error) {
      await recovering.close();
      const reason = link.#lastError?.message ?? (error instanceof Error ? error.message : String(error));
      throw new Error(
        `Cannot connect to RabbitMQ at ${link.#where} within ${options.connectTimeoutMs} ms: ${reason}`,
        {
          cause: link.#lastError ?? error,
        },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** The live connection, or null while reconnecting. */
  get model(): ChannelModel | null {
    return this.#model;
  }

  /** The live connection; throws `BusUnavailableError` while reconnecting. */
  current(): ChannelModel {
    if (this.#model) return this.#model;
    const reason = this.#lastError ? `: ${this.#lastError.message}` : '';
    throw new BusUnavailableError(`RabbitMQ at ${this.#where} is unreachable, reconnecting${reason}`);
  }

  /** Calls `listener` on every reconnection (not for the current connection). Returns an unsubscribe. */
  onConnect(listener: ConnectListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#model = null;
    await this.recovering.close();
  }

  #connected(model: ChannelModel): void {
    this.#model = model;
    this.#connections++;
    if (this.#connections === 1) return;
    this.#log.info({ broker: this.#where }, 'RabbitMQ connection restored');
    for (const listener of this.#listeners) listener(model);
  }
}

/** Dead peers are noticed within seconds rather than the server's default minute. */
function withHeartbeat(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', '10');
  return parsed.toString();
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

import { currentContext, runWithContext } from '../logging/context.ts';
import { contextFrom, endSpan, SpanKind, type Tracing } from '../tracing/tracing.ts';
import type { Bus } from './types.ts';

/**
 * The bus of a service that traces: every event handled is a consumer span continuing the
 * event's `traceparent`, current while the handler runs — so its logs, calls and the events it
 * writes belong to the same trace. Wraps any bus (RabbitMQ, in-process, a test's), at the one
 * place each service subscribes through.
 */
export function traceConsumers(bus: Bus, tracing: Tracing): Bus {
  return {
    ...bus,
    subscribe(options) {
      const { handler, queue } = options;
      return bus.subscribe({
        ...options,
        handler: async (event) => {
          const span = tracing.startSpan(
            `process ${event.type}`,
            SpanKind.CONSUMER,
            contextFrom({ traceparent: event.traceparent, tracestate: event.tracestate }),
            {
              'messaging.system': bus.kind,
              'messaging.operation.type': 'process',
              'messaging.destination.name': event.type,
              'messaging.consumer.group.name': queue,
              'messaging.message.id': event.id,
            },
          );
          const work = currentContext();
          const context = {
            requestId: work?.requestId ?? event.id,
            correlationId: work?.correlationId ?? event.correlationid ?? event.id,
            trace: { span, tracing },
          };
          try {
            await runWithContext(context, () => handler(event));
            endSpan(span);
          } catch (error) {
            endSpan(span, error);
            throw error;
          }
        },
      });
    },
  };
}

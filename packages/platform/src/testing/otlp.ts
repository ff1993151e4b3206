import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as a collector received it (OTLP/JSON), with the name of the service that sent it. */
export interface ReceivedSpan {
  service: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  attributes: Record<string, unknown>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: number;
}

/** A stand-in OpenTelemetry collector: takes OTLP/HTTP JSON exports and keeps their spans. */
export interface OtlpReceiver {
  /** The collector's address, for `COMPTOIR_OTLP_URL`. */
  url: string;
  /** Every span received so far. */
  readonly spans: readonly ReceivedSpan[];
  /** How many export requests arrived (any path, any body). */
  readonly requests: number;
  close(): Promise<void>;
}

/** OTLP/JSON: a key and a value under the name of its type (`stringValue`, `intValue`…). */
interface KeyValue {
  key: string;
  value?: Record<string, unknown>;
}

interface ExportRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        attributes?: KeyValue[];
        status?: { code?: number };
      }>;
    }>;
  }>;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) attributes[key] = value ? Object.values(value)[0] : undefined;
  return attributes;
}

/**
 * Listens on a free loopback port for `POST /v1/traces` with an OTLP JSON body (what
 * `@opentelemetry/exporter-trace-otlp-http` sends) and answers 200, as a collector would.
 * @example
 * const collector = await startOtlpReceiver();
 * const service = await buildService(catalog, { env: { COMPTOIR_OTLP_URL: collector.url } });
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  let requests = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      if (request.url === '/v1/traces' && request.headers['content-type']?.includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest;
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service,
                name: span.name,
                kind: span.kind ?? 0,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? '',
                attributes: attributesOf(span.attributes),
                status: span.status?.code ?? 0,
              });
            }
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

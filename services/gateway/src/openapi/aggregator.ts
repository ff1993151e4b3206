import type { Logger } from '@comptoir/platform';
import { type Dispatcher, request } from 'undici';
import type { Upstream } from '../upstreams/upstreams.ts';
import { mergeDocuments, type OpenApiDocument, type Source } from './merge.ts';

export interface AggregatorOptions {
  upstreams: readonly Upstream[];
  dispatcher: Dispatcher;
  timeoutMs: number;
  refreshMs: number;
  version: string;
  /** The gateway's own documented routes, already under `/api`. */
  own: () => OpenApiDocument;
  /** Completes the merged document with what the gateway itself answers (see `documentEdgeResponses`). */
  edge?: (document: OpenApiDocument) => void;
  log: Logger;
}

interface Fetched {
  document: OpenApiDocument;
  at: Date;
}

const isDocument = (value: unknown): value is OpenApiDocument =>
  value !== null && typeof value === 'object' && 'openapi' in value && 'info' in value;

/**
 * Keeps one merged document for the public API. Each service's `/openapi.json` is fetched from
 * a healthy replica at start and every `refreshMs`. A service that cannot be reached keeps its
 * last good document (the API did not change because a replica went down); one never fetched is
 * left out, and the description says so, rather than failing the whole document.
 */
export class OpenApiAggregator {
  private readonly fetched = new Map<string, Fetched>();
  private readonly missing = new Map<string, string>();
  private merged: OpenApiDocument | undefined;
  private refreshing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AggregatorOptions) {}

  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.refreshing;
  }

  /** The merged document; waits for the first fetch when asked right after start. */
  async document(): Promise<OpenApiDocument> {
    if (this.fetched.size + this.missing.size < this.options.upstreams.length) await this.refresh();
    return this.current();
  }

  /** The merged document as it stands, for synchronous callers. */
  current(): OpenApiDocument {
    this.merged ??= this.merge();
    return this.merged;
  }

  /** Fetches every service's document again; concurrent callers share one round. */
  refresh(): Promise<void> {
    this.refreshing ??= Promise.all(this.options.upstreams.map((upstream) => this.fetchOne(upstream)))
      .then(() => {
        this.merged = undefined;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private async fetchOne(upstream: Upstream): Promise<void> {
    const healthy = upstream.replicas.filter((replica) => replica.healthy);
    let reason = healthy.length === 0 ? 'no healthy replica' : 'no answer';
    for (const replica of healthy) {
      try {
        const { statusCode, body } = await request(`${replica.origin}/openapi.json`, {
          dispatcher: this.options.dispatcher,
          headersTimeout: this.options.timeoutMs,
          bodyTimeout: this.options.timeoutMs,
        });
        const document: unknown = statusCode === 200 ? await body.json() : await body.dump();
        if (!isDocument(document)) {
          reason = `answered ${statusCode} without an OpenAPI document`;
          continue;
        }
        this.fetched.set(upstream.name, { document, at: new Date() });
        this.missing.delete(upstream.name);
        return;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
    }
    this.missing.set(upstream.name, reason);
    this.options.log.warn({ upstream: upstream.name, reason }, 'could not fetch the OpenAPI document');
  }

  private merge(): OpenApiDocument {
    const sources: Source[] = [{ service: 'gateway', pathPrefix: '', document: this.options.own() }];
    const notes: string[] = [];
    for (const upstream of this.options.upstreams) {
      const fetched = this.fetched.get(upstream.name);
      const missing = this.missing.get(upstream.name);
      if (fetched)
        sources.push({ service: upstream.name, pathPrefix: upstream.prefix, document: fetched.document });
      if (fetched && missing)
        notes.push(`- ${upstream.name}: as fetched at ${fetched.at.toISOString()} (now: ${missing}).`);
      else if (missing) notes.push(`- ${upstream.name}: left out for now (${missing}).`);
    }
    const description = [
      "The public API of Comptoir, assembled by the gateway from each service's own document. " +
        'Every path is under `/api/<service>`; schema names, operation ids and tags carry the service as a prefix.',
      ...(notes.length > 0 ? ['', 'Services not current in this document:', ...notes] : []),
    ].join('\n');
    const merged = mergeDocuments(
      { title: 'Comptoir API', version: this.options.version, description },
      sources,
    );
    this.options.edge?.(merged);
    return merged;
  }
}

import { get, type IncomingMessage } from 'node:http';

/** One message of a Server-Sent Events stream, as a client parses it. */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: unknown;
}

/** A stream being read: what arrived so far, and whether it ended. */
export interface SseStream {
  status: number;
  headers: IncomingMessage['headers'];
  /** The body of a non-200 answer (a problem document), parsed. */
  problem: unknown;
  messages: SseMessage[];
  /** Comment lines (`: …`): heartbeats and the greeting. */
  comments: string[];
  /** Resolves when the server ends the stream (or the client closes it). */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

function parseBlock(block: string, messages: SseMessage[], comments: string[]): void {
  const message: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) comments.push(line.slice(1).trim());
    else if (line.startsWith('id: ')) message.id = line.slice(4);
    else if (line.startsWith('event: ')) message.event = line.slice(7);
    else if (line.startsWith('data: ')) message.data = JSON.parse(line.slice(6));
  }
  if (Object.keys(message).length > 0) messages.push(message);
}

/**
 * Opens `url` as an EventSource would, with headers (a bearer token, `Last-Event-ID`), on a
 * connection of its own that closes with the stream (no pool keeping sockets around), and parses
 * what arrives as it arrives.
 */
export function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      { headers: { accept: 'text/event-stream', ...headers }, agent: false },
      (response) => {
        const messages: SseMessage[] = [];
        const comments: string[] = [];
        let ended = false;
        let buffer = '';
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (response.statusCode !== 200) {
            body += chunk;
            return;
          }
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            parseBlock(buffer.slice(0, end), messages, comments);
            buffer = buffer.slice(end + 2);
          }
        });
        const done = new Promise<void>((settle) => response.once('close', () => settle())).finally(() => {
          ended = true;
        });
        const stream: SseStream = {
          status: response.statusCode ?? 0,
          headers: response.headers,
          problem: undefined,
          messages,
          comments,
          ended: done,
          isEnded: () => ended,
          close: () => request.destroy(),
        };
        if (response.statusCode === 200) {
          resolve(stream);
          return;
        }
        response.once('end', () => {
          stream.problem = body ? JSON.parse(body) : undefined;
          resolve(stream);
        });
      },
    );
    // After the answer came, an error is the client's own close: nothing left to reject.
    request.on('error', reject);
  });
}

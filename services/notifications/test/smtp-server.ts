import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the test SMTP server took it. */
export interface ReceivedMessage {
  from: string;
  to: string[];
  /** Headers unfolded, bodies decoded from quoted-printable: good enough to search in. */
  source: string;
  header(name: string): string | undefined;
}

/** How the server answers a message for one recipient on its nth attempt (1-based): accept, or an SMTP error. */
export type Verdict = 'accept' | { code: number; message: string };

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMessage[];
  /** When each DATA was tried, per recipient (refused ones included). */
  attempts: Map<string, number[]>;
  close(): Promise<void>;
}

/**
 * A local SMTP server (no TLS, no auth) on 127.0.0.1; `port` 0 picks a free one. `decide`
 * refuses or accepts each message, e.g. to play a server that is busy for a while.
 */
export async function startSmtpServer(
  options: { port?: number; decide?: (to: string, attempt: number) => Verdict } = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMessage[] = [];
  const attempts = new Map<string, number[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const first = to[0] ?? '';
        const times = attempts.get(first) ?? [];
        times.push(Date.now());
        attempts.set(first, times);
        const verdict = options.decide?.(first, times.length) ?? 'accept';
        if (verdict !== 'accept') {
          callback(Object.assign(new Error(verdict.message), { responseCode: verdict.code }));
          return;
        }
        const mailFrom = session.envelope.mailFrom;
        received.push(parse(mailFrom ? mailFrom.address : '', to, Buffer.concat(chunks).toString('utf8')));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parse(from: string, to: string[], raw: string): ReceivedMessage {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  return {
    from,
    to,
    source: `${headers.join('\n')}\n\n${decodeQuotedPrintable(rest.join('\n\n'))}`,
    header(name) {
      const prefix = `${name.toLowerCase()}:`;
      return headers
        .find((h) => h.toLowerCase().startsWith(prefix))
        ?.slice(prefix.length)
        .trim();
    },
  };
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const text = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

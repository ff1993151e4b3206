import type { TSchema } from '@comptoir/platform';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';

/*
 * Every report is JSON, or CSV for a spreadsheet: `?format=csv`, or `Accept: text/csv` (an
 * explicit `?format=json` wins over the header). The CSV has the report's rows, one column per
 * figure, amounts in cents like the JSON — the same numbers, not reformatted.
 */

const CSV = 'text/csv; charset=utf-8';

/** The 200 of a report route: its JSON schema, and CSV text. */
export function jsonOrCsv(schema: TSchema, description: string) {
  return {
    200: {
      description,
      content: {
        'application/json': { schema },
        'text/csv': { schema: { type: 'string', description: 'The rows, with a header line.' } },
      },
    },
  };
}

export function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return (request.headers.accept ?? '').toLowerCase().includes('text/csv');
}

/** Sends `rows` as CSV, named `<name>.csv` for a browser's download. */
export function sendCsv<R extends object>(
  reply: FastifyReply,
  name: string,
  columns: readonly (keyof R & string)[],
  rows: readonly R[],
): string {
  reply.type(CSV).header('content-disposition', `attachment; filename="${name}.csv"`);
  return stringify(rows as R[], {
    header: true,
    columns: [...columns],
    cast: { boolean: (value) => String(value) },
  });
}

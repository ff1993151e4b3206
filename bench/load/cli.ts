/**
 * `npm run load -- --target URL --users N --duration S`: realistic shop and POS journeys against
 * any Comptoir deployment, with a progress bar and a summary (per step: calls, p50, p99, statuses;
 * outcomes; errors). Exits 1 when any call failed unexpectedly.
 *
 *   --target      the gateway's base URL (default http://127.0.0.1:8080)
 *   --users       simultaneous users (default 10)
 *   --duration    seconds (default 30)
 *   --cashiers    how many of the users sell at a till (default a fifth, at most one per register)
 *   --mix         browse,cart,checkout shares of a shopper's visits (default 80,15,5)
 *   --think       ms between a user's visits, ±50 % (default 200)
 *   --password    the demo accounts' password (default the demo one)
 *   --json FILE   also write the summary as JSON
 *
 * The accounts are the demo ones (`npm start` seeds them): client@ shops, the stores' cashiers and
 * managers sell at their registers (an open session is reused, else one is opened).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { demoCustomer, demoStaff, printSummary, runLoad } from './run.ts';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'http://127.0.0.1:8080' },
    users: { type: 'string', default: '10' },
    duration: { type: 'string', default: '30' },
    cashiers: { type: 'string' },
    mix: { type: 'string', default: '80,15,5' },
    think: { type: 'string', default: '200' },
    password: { type: 'string' },
    json: { type: 'string' },
  },
});

const positive = (name: string, raw: string | undefined): number => {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} must be a number ≥ 0 (got ${raw})`);
    process.exit(2);
  }
  return value;
};

const users = positive('users', values.users);
const seconds = positive('duration', values.duration);
const [browse = 0, cart = 0, checkout = 0] = (values.mix ?? '')
  .split(',')
  .map((share) => positive('mix', share));
const staff = demoStaff(values.password);
const cashiers = Math.min(
  staff.length,
  values.cashiers === undefined ? Math.floor(users / 5) : positive('cashiers', values.cashiers),
);

const bar = new SingleBar({
  format: 'load [{bar}] {value}/{total} s · {requests} requests · {rps}/s · errors {errors}',
  hideCursor: true,
  stream: process.stderr,
});
bar.start(seconds, 0, { requests: 0, rps: 0, errors: 0 });

const result = await runLoad({
  target: values.target ?? 'http://127.0.0.1:8080',
  users,
  seconds,
  cashiers,
  mix: { browse, cart, checkout },
  thinkMs: positive('think', values.think),
  customer: demoCustomer(values.password),
  staff,
  onProgress: (elapsed, recorder) =>
    bar.update(Math.min(seconds, Math.floor(elapsed)), {
      requests: recorder.requests,
      rps: elapsed > 0 ? (recorder.requests / elapsed).toFixed(0) : 0,
      errors: recorder.errors,
    }),
}).finally(() => bar.stop());

console.log(
  `\n${values.target}: ${users} users (${cashiers} at a till) for ${seconds} s, mix ${browse}/${cart}/${checkout}`,
);
printSummary(result);
if (values.json) {
  writeFileSync(
    values.json,
    JSON.stringify(
      { users, cashiers, seconds, steps: result.recorder.summary(), outcomes: result.outcomes },
      null,
      2,
    ),
  );
}
process.exit(result.recorder.errors > 0 ? 1 : 0);

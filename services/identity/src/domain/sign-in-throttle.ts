import { signInThrottled } from './errors.ts';
import type { SignInFailures } from './ports.ts';

export interface ThrottleSettings {
  windowSeconds: number;
  maxPerAccount: number;
  maxPerIp: number;
}

const PURGE_EVERY_MS = 60_000;

/**
 * Against password guessing: after too many failures in a sliding window for one account, or
 * from one address, sign-in is refused until the oldest of them leaves the window. Counted in
 * the database, so every replica sees the same failures.
 */
export class SignInThrottle {
  #lastPurge = 0;

  constructor(
    private readonly failures: SignInFailures,
    private readonly settings: ThrottleSettings,
  ) {}

  /** Throws `IDENTITY_SIGN_IN_THROTTLED` (429, `retryAfter` seconds) when either limit is reached. */
  async check(email: string, ip: string): Promise<void> {
    const now = Date.now();
    const windowMs = this.settings.windowSeconds * 1000;
    const since = new Date(now - windowMs);
    const [byAccount, byIp] = await Promise.all([
      this.failures.nthLatest('email', email, since, this.settings.maxPerAccount),
      this.failures.nthLatest('ip', ip, since, this.settings.maxPerIp),
    ]);
    const blockedUntil = Math.max(byAccount?.getTime() ?? 0, byIp?.getTime() ?? 0) + windowMs;
    if (byAccount || byIp) throw signInThrottled(Math.max(1, Math.ceil((blockedUntil - now) / 1000)));
  }

  async failed(email: string, ip: string): Promise<void> {
    const now = new Date();
    await this.failures.record({ email, ip, at: now });
    if (now.getTime() - this.#lastPurge > PURGE_EVERY_MS) {
      this.#lastPurge = now.getTime();
      await this.failures.purge(new Date(now.getTime() - this.settings.windowSeconds * 1000));
    }
  }

  /** The right password wipes the account's slate (not the address's: it may be guessing others). */
  async succeeded(email: string): Promise<void> {
    await this.failures.clear(email);
  }
}

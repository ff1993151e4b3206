import type { FieldProblem } from '@comptoir/platform';
import { weakPassword } from './errors.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// The most common passwords long enough to pass the length rule (from public breach lists).
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  'password1234',
  'password12345',
  'passwordpassword',
  'qwertyuiop12',
  'qwertyuiopasdf',
  'iloveyou1234',
  'azertyuiop12',
  'motdepasse123',
  'motdepasse1234',
  'administrator',
  'letmein12345',
  'welcome12345',
  'changeme1234',
  'trustno11234',
  'football1234',
  'baseball1234',
  'superman1234',
  'comptoir1234',
  'comptoir2024',
  'comptoir2025',
]);

/**
 * NIST SP 800-63B's rules rather than composition rules: long enough, not a known common
 * password, not the email, not one character repeated. Throws a 422 listing every problem.
 */
export function checkPasswordPolicy(password: string, email: string, pointer = '/body/password'): void {
  const problems: string[] = [];
  const lower = password.toLowerCase();
  const local = email.toLowerCase().split('@')[0] ?? '';
  if ([...password].length < MIN_PASSWORD_LENGTH)
    problems.push(`use at least ${MIN_PASSWORD_LENGTH} characters`);
  if ([...password].length > MAX_PASSWORD_LENGTH)
    problems.push(`use at most ${MAX_PASSWORD_LENGTH} characters`);
  if (COMMON.has(lower)) problems.push('it is one of the most common passwords');
  if (lower === email.toLowerCase() || (local.length >= 4 && lower.includes(local))) {
    problems.push('it must not contain your email address');
  }
  if (password.length > 0 && new Set(password).size === 1)
    problems.push('it must not repeat a single character');
  if (problems.length > 0) {
    const errors: FieldProblem[] = problems.map((detail) => ({ pointer, detail }));
    throw weakPassword(errors);
  }
}

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, and the problems found so far (each printed once). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const problems: string[] = [];
export const fail = (where: string, message: string) => {
  const problem = `${where}: ${message}`;
  if (!problems.includes(problem)) problems.push(problem);
};

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

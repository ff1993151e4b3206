import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { fail, root } from './problems.ts';

export function checkDockerfile(): void {
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  for (const diagnostic of lintDockerfile(text)) {
    if (diagnostic.severity === 1) {
      const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
      fail(`Dockerfile:${diagnostic.range.start.line + 1}`, message);
    }
  }
  const lines = text.split('\n').filter((line) => !line.trim().startsWith('#'));
  const instructions = lines.map((line) => line.trim().split(/\s+/)[0]?.toUpperCase() ?? '');
  if (instructions.filter((i) => i === 'FROM').length < 2) fail('Dockerfile', 'not multi-stage');
  if (!lines.some((line) => /^\s*ARG\s+SERVICE\b/.test(line))) fail('Dockerfile', 'no ARG SERVICE');
  const users = lines.filter((line) => /^\s*USER\s/.test(line));
  const lastUser = users.at(-1)?.trim().split(/\s+/)[1] ?? 'root';
  if (/^(root|0)(:|$)/.test(lastUser)) fail('Dockerfile', 'the runtime stage runs as root');
  if (!instructions.includes('HEALTHCHECK')) fail('Dockerfile', 'no HEALTHCHECK');
  if (!existsSync(join(root, '.dockerignore'))) fail('.dockerignore', 'missing');
}

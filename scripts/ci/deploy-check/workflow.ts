import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { asArray, fail, isObject, type Json, root } from './problems.ts';

export function checkWorkflow(): void {
  const where = '.github/workflows/ci.yml';
  const document = parseDocument(readFileSync(join(root, where), 'utf8'));
  for (const error of document.errors) fail(where, `YAML: ${error.message}`);
  const workflow = document.toJS() as Json;
  const jobs = isObject(workflow.jobs) ? Object.values(workflow.jobs) : [];
  const steps = jobs.flatMap((job) => asArray((job as Json).steps)) as Json[];
  if (!steps.some((step) => typeof step.run === 'string' && step.run.includes('bash .ci/run'))) {
    fail(where, 'no step runs bash .ci/run');
  }
  const containers = jobs.flatMap((job) => Object.values(((job as Json).services ?? {}) as Json)) as Json[];
  for (const image of ['postgres', 'redis', 'rabbitmq']) {
    if (!containers.some((c) => String(c.image).startsWith(image)))
      fail(where, `no ${image} service container`);
  }
}

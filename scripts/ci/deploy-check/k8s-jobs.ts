import { isDeepStrictEqual } from 'node:util';
import type { K8sObject } from './k8s-schema.ts';
import { asArray, fail, type Json } from './problems.ts';
import type { ServiceFacts } from './services.ts';

const podSpec = (object: K8sObject) => ((object.spec as Json).template as Json).spec as Json;
const firstContainer = (object: K8sObject) => (asArray(podSpec(object).containers) as Json[])[0] ?? {};

/**
 * Migration Jobs: every service with a database has one (`migrate-<service>`) that runs the
 * same image as its Deployment — the schema a new version needs, not the last one's — in
 * migrate-only mode, with the Deployment's settings (envFrom), never restarted in place, under
 * the same restricted security context as the services.
 */
export function checkMigrationJobs(
  where: string,
  objects: K8sObject[],
  services: Map<string, ServiceFacts>,
): void {
  const jobs = objects.filter((o) => o.kind === 'Job');
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  for (const service of services.values()) {
    if (!service.hasMigrations) continue;
    const name = `migrate-${service.name}`;
    const at = `${where} Job/${name}`;
    const job = jobs.find((j) => j.metadata.name === name);
    if (!job) {
      fail(where, `no migration Job ${name} for ${service.name}'s database`);
      continue;
    }
    const deployment = deployments.find((d) => d.metadata.name === service.name);
    const container = firstContainer(job);
    if (deployment) {
      const served = firstContainer(deployment);
      if (container.image !== served.image) {
        fail(
          at,
          `runs image ${String(container.image)}, but Deployment ${service.name} runs ${String(served.image)}`,
        );
      }
      if (!isDeepStrictEqual(container.envFrom, served.envFrom)) {
        fail(at, `envFrom differs from Deployment ${service.name}'s: it would migrate another database`);
      }
    }
    const env = asArray(container.env) as Json[];
    const migrateOnly = env.some((e) => e.name === 'COMPTOIR_MIGRATE_ONLY' && e.value === 'true');
    const migrateArg = asArray(container.args).includes('migrate');
    if (!migrateOnly && !migrateArg)
      fail(at, 'neither COMPTOIR_MIGRATE_ONLY=true nor a migrate argument: it would serve');
    for (const item of env) {
      if (!service.keys.has(String(item.name)))
        fail(at, `${String(item.name)} is set but ${service.name} reads no such setting`);
    }
    const spec = job.spec as Json;
    const pod = podSpec(job);
    if (!['Never', 'OnFailure'].includes(String(pod.restartPolicy)))
      fail(at, 'restartPolicy must be Never or OnFailure');
    if (spec.backoffLimit === undefined)
      fail(at, 'no backoffLimit: a broken migration would be retried 6 times');
    if (spec.activeDeadlineSeconds === undefined)
      fail(at, 'no activeDeadlineSeconds: a migration stuck on a lock would wait forever');
    const podSecurity = (pod.securityContext ?? {}) as Json;
    if (podSecurity.runAsNonRoot !== true) fail(at, 'pod securityContext.runAsNonRoot is not true');
    const security = (container.securityContext ?? {}) as Json;
    if (security.allowPrivilegeEscalation !== false) fail(at, 'allowPrivilegeEscalation is not false');
    if (security.readOnlyRootFilesystem !== true) fail(at, 'readOnlyRootFilesystem is not true');
    if (!asArray((security.capabilities as Json)?.drop).includes('ALL'))
      fail(at, 'capabilities do not drop ALL');
    const tmp = (asArray(container.volumeMounts) as Json[]).some((m) => m.mountPath === '/tmp');
    if (!tmp) fail(at, 'no volume at /tmp (tsx writes its cache there)');
  }
  for (const job of jobs) {
    const labels = ((((job.spec as Json).template as Json).metadata as Json)?.labels ?? {}) as Json;
    if (labels['app.kubernetes.io/part-of'] !== 'comptoir') {
      fail(
        `${where} Job/${job.metadata.name}`,
        'its pods lack app.kubernetes.io/part-of=comptoir: the network policies would cut it off the database',
      );
    }
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { K8sObject } from './k8s-schema.ts';
import { asArray, fail, isObject, type Json, root } from './problems.ts';
import type { ServiceFacts } from './services.ts';

const CONFIG = 'deploy/prometheus/prometheus-k8s.yml';

/**
 * Prometheus on Kubernetes finds every pod through a headless Service per service: each service
 * has a job asking `<service>-pods…` on the service's port, and the render has that Service,
 * headless (its DNS name answers with the pods, not a virtual IP), listing not-ready pods too.
 */
export function checkKubernetesScrape(
  where: string,
  objects: K8sObject[],
  services: Map<string, ServiceFacts>,
): void {
  const config = parse(readFileSync(join(root, CONFIG), 'utf8')) as Json;
  const jobs = asArray(config.scrape_configs).filter(isObject);
  for (const service of services.values()) {
    const job = jobs.find((j) => j.job_name === service.name);
    const sd = asArray(job?.dns_sd_configs).filter(isObject)[0];
    const name = String(asArray(sd?.names)[0] ?? '');
    if (!job || !sd) {
      fail(CONFIG, `no job ${service.name} with dns_sd_configs`);
    } else {
      if (name.split('.')[0] !== `${service.name}-pods`)
        fail(CONFIG, `job ${service.name} asks ${name}, not ${service.name}-pods.<namespace>.svc…`);
      if (Number(sd.port) !== service.port)
        fail(
          CONFIG,
          `job ${service.name} scrapes port ${String(sd.port)}, but ${service.name} listens on ${service.port}`,
        );
    }
    const headless = objects.find((o) => o.kind === 'Service' && o.metadata.name === `${service.name}-pods`);
    const spec = (headless?.spec ?? {}) as Json;
    if (!headless || spec.clusterIP !== 'None') {
      fail(where, `no headless Service ${service.name}-pods for Prometheus to find ${service.name}'s pods`);
    } else if (spec.publishNotReadyAddresses !== true) {
      fail(
        `${where} Service/${service.name}-pods`,
        'publishNotReadyAddresses is not true: a pod failing readiness would vanish from `up`',
      );
    }
  }
}

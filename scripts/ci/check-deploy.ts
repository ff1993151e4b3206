/**
 * Checks the deployment files offline, the way CI does (`bash scripts/ci/check-deploy.sh` runs
 * nginx -t first, then this):
 *
 * - Dockerfile: parsed and linted (dockerfile-utils), multi-stage, `ARG SERVICE`, non-root, healthcheck.
 * - deploy/compose/compose.yaml: interpolated with .env.example, validated against the Compose
 *   specification's JSON schema (the one dclint ships), then against the code: every service is
 *   there with its replicas, healthcheck and restart policy; every variable it sets is one the
 *   service reads, with a value the service accepts (the kit's own config validation); every
 *   setting whose default points at 127.0.0.1 is overridden; every URL names a Compose service
 *   on its real port; every file mounted exists; nginx's upstream is the gateway.
 * - deploy/k8s: each overlay rendered by `kubectl kustomize` and every object validated against
 *   the Kubernetes schemas (kubernetes-models: types, required fields, enums, formats) and, for
 *   unknown or misspelled fields, type-checked by TypeScript against the same models; then the
 *   same code checks as Compose, plus probes, resources, security contexts, selectors, HPAs,
 *   PDBs, the Ingress backend and the default-deny network policy; a migration Job per service
 *   database, on the Deployment's image and settings, in migrate-only mode; Prometheus's
 *   Kubernetes configuration finding each service's pods through its headless Service.
 *
 * Prints every problem found and exits 1 if there is any.
 */
import { checkCompose } from './deploy-check/compose.ts';
import { checkDockerfile } from './deploy-check/dockerfile.ts';
import { checkMigrationJobs } from './deploy-check/k8s-jobs.ts';
import { checkUnknownFields, render, validateWithModels } from './deploy-check/k8s-schema.ts';
import { checkKubernetesScrape } from './deploy-check/k8s-scrape.ts';
import { checkKubernetesSemantics } from './deploy-check/k8s-semantics.ts';
import { problems } from './deploy-check/problems.ts';
import { loadServices } from './deploy-check/services.ts';
import { checkWorkflow } from './deploy-check/workflow.ts';

const started = Date.now();
const services = await loadServices();
checkDockerfile();
checkCompose(services);
checkWorkflow();
const externalSecrets: Record<string, readonly string[]> = { dev: [], prod: ['comptoir-secrets'] };
let rendered = 0;
for (const overlay of ['dev', 'prod']) {
  const objects = render(overlay);
  if (!objects) continue;
  rendered += objects.length;
  const where = `deploy/k8s/overlays/${overlay}`;
  await validateWithModels(where, objects);
  checkUnknownFields(where, objects);
  checkKubernetesSemantics(where, objects, services, externalSecrets[overlay] ?? []);
  checkMigrationJobs(where, objects, services);
  checkKubernetesScrape(where, objects, services);
}

if (problems.length > 0) {
  console.error(`${problems.length} problem(s) in the deployment files:`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
console.log(
  `deployment files: Dockerfile, compose.yaml (${services.size} services), CI workflow and ${rendered} Kubernetes objects ` +
    `of 2 overlays are valid (${Date.now() - started} ms)`,
);

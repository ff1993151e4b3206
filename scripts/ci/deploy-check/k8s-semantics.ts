import type { K8sObject } from './k8s-schema.ts';
import { asArray, fail, isObject, type Json } from './problems.ts';
import { checkDeploymentSecrets, checkServiceEnv, portOf, type ServiceFacts, urlsIn } from './services.ts';

export const matches = (selector: unknown, labels: Record<string, string> | undefined) =>
  isObject(selector) &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

export function checkKubernetesSemantics(
  where: string,
  objects: K8sObject[],
  services: Map<string, ServiceFacts>,
  externalSecrets: readonly string[],
): void {
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const seen = new Set<string>();
  for (const object of objects) {
    const id = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    if (seen.has(id)) fail(where, `${object.kind} ${object.metadata.name} is defined twice`);
    seen.add(id);
  }
  const deployments = byKind('Deployment');
  const k8sServices = byKind('Service');
  const configMaps = new Map(byKind('ConfigMap').map((o) => [o.metadata.name, o]));
  const secrets = new Map(byKind('Secret').map((o) => [o.metadata.name, o]));
  const hpas = byKind('HorizontalPodAutoscaler');
  const podLabels = (d: K8sObject) =>
    ((((d.spec as Json)?.template as Json)?.metadata as Json)?.labels ?? {}) as Record<string, string>;
  const podSpec = (d: K8sObject) => ((d.spec as Json).template as Json).spec as Json;

  for (const name of services.keys()) {
    if (!deployments.some((d) => d.metadata.name === name)) fail(where, `no Deployment ${name}`);
  }

  for (const deployment of deployments) {
    const at = `${where} Deployment/${deployment.metadata.name}`;
    const spec = deployment.spec as Json;
    if (!matches((spec.selector as Json)?.matchLabels, podLabels(deployment))) {
      fail(at, 'its selector does not match its pod template labels');
    }
    const service = services.get(deployment.metadata.name);
    if (!service) continue;
    const pod = podSpec(deployment);
    const podSecurity = (pod.securityContext ?? {}) as Json;
    if (podSecurity.runAsNonRoot !== true) fail(at, 'pod securityContext.runAsNonRoot is not true');
    if ((podSecurity.seccompProfile as Json)?.type !== 'RuntimeDefault')
      fail(at, 'pod seccompProfile is not RuntimeDefault');
    const emptyDirs = new Set(
      asArray(pod.volumes)
        .filter((v) => isObject(v) && v.emptyDir)
        .map((v) => (v as Json).name),
    );
    for (const container of asArray(pod.containers) as Json[]) {
      const cat = `${at} container ${String(container.name)}`;
      const ports = asArray(container.ports) as Json[];
      const portNames = new Map(ports.map((p) => [String(p.name), Number(p.containerPort)]));
      if (![...portNames.values()].includes(service.port)) fail(cat, `no container port ${service.port}`);
      const probes: Array<[string, string]> = [
        ['startupProbe', '/health/live'],
        ['livenessProbe', '/health/live'],
        ['readinessProbe', '/health/ready'],
      ];
      for (const [probe, path] of probes) {
        const get = (container[probe] as Json)?.httpGet as Json | undefined;
        if (!get) {
          fail(cat, `no ${probe} (httpGet ${path})`);
          continue;
        }
        if (get.path !== path) fail(cat, `${probe} asks ${String(get.path)}, not ${path}`);
        const port = typeof get.port === 'string' ? portNames.get(get.port) : Number(get.port);
        if (port !== service.port) fail(cat, `${probe} port ${String(get.port)} is not the service's port`);
      }
      const resources = (container.resources ?? {}) as Json;
      for (const kind of ['requests', 'limits']) {
        const r = (resources[kind] ?? {}) as Json;
        if (!r.cpu || !r.memory) fail(cat, `resources.${kind} needs cpu and memory`);
      }
      const security = (container.securityContext ?? {}) as Json;
      if (security.allowPrivilegeEscalation !== false) fail(cat, 'allowPrivilegeEscalation is not false');
      if (security.readOnlyRootFilesystem !== true) fail(cat, 'readOnlyRootFilesystem is not true');
      if (!asArray((security.capabilities as Json)?.drop).includes('ALL'))
        fail(cat, 'capabilities do not drop ALL');
      const tmp = (asArray(container.volumeMounts) as Json[]).find((m) => m.mountPath === '/tmp');
      if (!tmp || !emptyDirs.has(tmp.name))
        fail(cat, 'no emptyDir mounted at /tmp (tsx writes its cache there)');

      // The environment the service will see, checked by the kit's own validation.
      const env: Record<string, string> = {};
      for (const from of asArray(container.envFrom) as Json[]) {
        const cm = (from.configMapRef as Json)?.name as string | undefined;
        const secret = (from.secretRef as Json)?.name as string | undefined;
        if (cm) {
          const map = configMaps.get(cm);
          if (!map) fail(cat, `envFrom ConfigMap ${cm} is not in the render`);
          for (const [k, v] of Object.entries((map?.data ?? {}) as Record<string, string>)) {
            if (![...services.values()].some((s) => s.keys.has(k)))
              fail(`${where} ConfigMap/${cm}`, `${k}: no service reads it`);
            else if (service.keys.has(k)) env[k] = v;
          }
        }
        if (secret) {
          const found = secrets.get(secret);
          if (!found && !externalSecrets.includes(secret))
            fail(cat, `envFrom Secret ${secret} is not in the render`);
          const data = Object.fromEntries(
            Object.entries((found?.data ?? {}) as Record<string, string>).map(([k, v]) => [
              k,
              Buffer.from(v, 'base64').toString('utf8'),
            ]),
          );
          for (const [k, v] of Object.entries({
            ...data,
            ...((found?.stringData ?? {}) as Record<string, string>),
          })) {
            if (![...services.values()].some((s) => s.keys.has(k)))
              fail(`${where} Secret/${secret}`, `${k}: no service reads it`);
            else if (service.keys.has(k)) env[k] = v;
          }
          if (!found) {
            // Made outside the repository: what the services need from it, stood in for.
            env.COMPTOIR_DATABASE_URL ??= 'postgres://external/postgres';
            env.COMPTOIR_AMQP_URL ??= 'amqp://external';
            if (service.keys.has('ORDERING_CLIENT_SECRET')) env.ORDERING_CLIENT_SECRET ??= 'stand-in-secret';
            if (service.keys.has('PAYMENTS_CARD_TOKEN_SECRET'))
              env.PAYMENTS_CARD_TOKEN_SECRET ??= 'stand-in-card-token-secret-0123456789';
          }
        }
      }
      for (const item of asArray(container.env) as Json[]) {
        if (typeof item.value === 'string') {
          if (!service.keys.has(String(item.name)))
            fail(cat, `${String(item.name)} is set but ${service.name} reads no such setting`);
          env[String(item.name)] = item.value;
        }
      }
      checkServiceEnv(cat, service, env);
      checkDeploymentSecrets(cat, service, env);
      for (const [key, value] of Object.entries(env)) {
        for (const url of urlsIn(value)) {
          const host = url.hostname;
          if (host.includes('.') || host === 'localhost' || host === 'external') continue;
          const target = k8sServices.find((s) => s.metadata.name === host);
          if (!target) {
            if (url.protocol.startsWith('http'))
              fail(cat, `${key} points at ${host}, which is not a Service here`);
            continue;
          }
          const servicePorts = asArray((target.spec as Json).ports).map((p) => Number((p as Json).port));
          if (!servicePorts.includes(portOf(url))) {
            fail(
              cat,
              `${key} points at ${host}:${portOf(url)}, but that Service serves ${servicePorts.join(', ')}`,
            );
          }
        }
      }
    }
  }

  for (const svc of k8sServices) {
    const at = `${where} Service/${svc.metadata.name}`;
    const selector = (svc.spec as Json).selector;
    const backing = deployments.filter((d) => matches(selector, podLabels(d)));
    if (backing.length === 0) fail(at, 'its selector matches no Deployment');
    for (const port of asArray((svc.spec as Json).ports) as Json[]) {
      if (typeof port.targetPort !== 'string') continue;
      const named = backing.some((d) =>
        (asArray(podSpec(d).containers) as Json[]).some((c) =>
          asArray(c.ports).some((p) => (p as Json).name === port.targetPort),
        ),
      );
      if (!named) fail(at, `targetPort ${port.targetPort} is no container port name`);
    }
  }

  for (const name of ['gateway', 'catalog', 'ordering']) {
    if (!hpas.some((h) => ((h.spec as Json).scaleTargetRef as Json)?.name === name))
      fail(where, `no HPA for ${name}`);
  }
  for (const hpa of hpas) {
    const at = `${where} HorizontalPodAutoscaler/${hpa.metadata.name}`;
    const spec = hpa.spec as Json;
    const target = deployments.find((d) => d.metadata.name === (spec.scaleTargetRef as Json)?.name);
    if (!target) fail(at, 'its scaleTargetRef is no Deployment here');
    else if ((target.spec as Json).replicas !== undefined) {
      fail(at, `Deployment ${target.metadata.name} sets replicas: every apply would undo the autoscaler`);
    }
    if (Number(spec.minReplicas ?? 1) > Number(spec.maxReplicas)) fail(at, 'minReplicas > maxReplicas');
  }
  for (const pdb of byKind('PodDisruptionBudget')) {
    const selector = ((pdb.spec as Json).selector as Json)?.matchLabels;
    if (!deployments.some((d) => matches(selector, podLabels(d)))) {
      fail(`${where} PodDisruptionBudget/${pdb.metadata.name}`, 'its selector matches no Deployment');
    }
  }
  for (const ingress of byKind('Ingress')) {
    for (const rule of asArray((ingress.spec as Json).rules) as Json[]) {
      for (const path of asArray((rule.http as Json)?.paths) as Json[]) {
        const backend = (path.backend as Json)?.service as Json;
        const target = k8sServices.find((s) => s.metadata.name === backend?.name);
        const port = backend?.port as Json;
        const served = asArray((target?.spec as Json)?.ports) as Json[];
        if (!target || !served.some((p) => p.name === port?.name || p.port === port?.number)) {
          fail(
            `${where} Ingress/${ingress.metadata.name}`,
            `backend ${String(backend?.name)} is not a Service port here`,
          );
        }
      }
    }
  }
  const policies = byKind('NetworkPolicy');
  const denyAll = policies.some((p) => {
    const spec = p.spec as Json;
    const types = asArray(spec.policyTypes);
    return (
      isObject(spec.podSelector) &&
      Object.keys(spec.podSelector).length === 0 &&
      types.includes('Ingress') &&
      types.includes('Egress') &&
      !spec.ingress &&
      !spec.egress
    );
  });
  if (!denyAll)
    fail(where, 'no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)');
  const dns = policies.some((p) =>
    (asArray((p.spec as Json).egress) as Json[]).some((rule) =>
      (asArray(rule.ports) as Json[]).some((port) => Number(port.port) === 53),
    ),
  );
  if (!dns) fail(where, 'no NetworkPolicy lets pods reach DNS (port 53)');
}

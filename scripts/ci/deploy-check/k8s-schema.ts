import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { fail, isObject, type Json, root } from './problems.ts';

export interface K8sObject extends Json {
  apiVersion: string;
  kind: string;
  metadata: Json & { name: string; namespace?: string; labels?: Record<string, string> };
}

/** Where kubernetes-models keeps a kind: `apps/v1` → `apps/v1/Deployment`, `v1` → `v1/Service`. */
export const modelPath = (object: K8sObject) => `kubernetes-models/${object.apiVersion}/${object.kind}`;

export async function validateWithModels(where: string, objects: K8sObject[]): Promise<void> {
  for (const object of objects) {
    const at = `${where} ${object.kind}/${object.metadata?.name}`;
    const file = join(root, 'node_modules', `${modelPath(object)}.js`);
    if (!existsSync(file)) {
      fail(at, `${object.apiVersion} ${object.kind} is not a Kubernetes API kind`);
      continue;
    }
    const module = (await import(modelPath(object))) as Record<
      string,
      new (
        data: unknown,
      ) => { validate(): void }
    >;
    const Model = module[object.kind];
    if (!Model) {
      fail(at, `kubernetes-models has no ${object.kind}`);
      continue;
    }
    // kustomize folds long base64 values over lines; the API server's decoder (Go's base64)
    // skips line breaks, the schema's "byte" format does not.
    const data =
      object.kind === 'Secret' ? object.data : object.kind === 'ConfigMap' ? object.binaryData : undefined;
    const unfolded = isObject(data)
      ? {
          ...object,
          [object.kind === 'Secret' ? 'data' : 'binaryData']: Object.fromEntries(
            Object.entries(data).map(([k, v]) => [k, String(v).replace(/[\r\n]/g, '')]),
          ),
        }
      : object;
    try {
      new Model(unfolded).validate();
    } catch (error) {
      fail(at, `schema: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * The OpenAPI schemas allow any extra field; kubectl (and the API server, strictly) do not. The
 * same models' TypeScript types do: an object literal typed with them rejects unknown fields.
 */
export function checkUnknownFields(where: string, objects: K8sObject[]): void {
  const file = join(root, 'scripts/ci/__deploy_check__.ts');
  const known = objects.filter((object) =>
    existsSync(join(root, 'node_modules', `${modelPath(object)}.d.ts`)),
  );
  const lines: string[] = [];
  const owners: Array<{ from: number; object: K8sObject }> = [];
  known.forEach((object, i) => {
    lines.push(`import type { I${object.kind} as T${i} } from '${modelPath(object)}';`);
  });
  known.forEach((object, i) => {
    owners.push({ from: lines.length, object });
    lines.push(...`export const o${i}: T${i} = ${JSON.stringify(object, null, 1)};`.split('\n'));
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (!sourceFile || diagnostic.file?.fileName !== file || diagnostic.start === undefined) {
      fail(where, `type check: ${message}`);
      continue;
    }
    const line = sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line;
    const owner = [...owners].reverse().find((o) => o.from <= line)?.object;
    const name = owner ? `${owner.kind}/${owner.metadata.name}` : 'import';
    fail(`${where} ${name}`, `type check: ${message}`);
  }
}

export function render(overlay: string): K8sObject[] | undefined {
  const where = `deploy/k8s/overlays/${overlay}`;
  const result = spawnSync('kubectl', ['kustomize', join(root, where)], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    fail(where, `kubectl kustomize failed: ${result.error?.message ?? result.stderr.trim()}`);
    return undefined;
  }
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(result.stdout)) {
    for (const error of document.errors) fail(where, `rendered YAML: ${error.message}`);
    const object = document.toJS() as unknown;
    if (object === null) continue;
    if (!isObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      fail(where, 'a rendered document is not a Kubernetes object');
      continue;
    }
    objects.push(object as K8sObject);
  }
  return objects;
}

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadPolicy } from '../../src/core/policy/load.js';
import { JOB_GRACE_MS } from '../../src/server/background.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { kubernetesProblems, type ManifestDoc } from './kubernetes-schema.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = join(ROOT, 'manifests/kubernetes');

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects read from YAML
type Obj = any;

/** The documents a kustomization's resources name, recursively (a directory is another kustomization). */
function kustomize(dir: string): ManifestDoc[] {
  const k = parseAllDocuments(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'))[0]?.toJS() as Obj;
  return (k.resources as string[]).flatMap((r) => {
    if (!r.endsWith('.yaml')) return kustomize(join(dir, r));
    const file = join(dir, r);
    return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => ({
      file: file.slice(ROOT.length + 1),
      doc: d.toJS(),
    }));
  });
}

const docs = kustomize(join(DIR, 'monitoring'));
const find = (kind: string): Obj => docs.find((d) => d.doc.kind === kind)?.doc;
const deployment = find('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const configMap = find('ConfigMap');
const secret = find('Secret');

/** The Deployment with a misspelt field, a wrong type and a missing required field. */
function brokenDeployment(): ManifestDoc {
  const broken = structuredClone(deployment);
  const c = broken.spec.template.spec.containers[0];
  c.readinesProbe = c.readinessProbe;
  delete c.readinessProbe;
  broken.spec.replicas = '2';
  delete broken.spec.selector;
  return { file: 'broken.yaml', doc: broken };
}

describe('manifests/kubernetes', () => {
  // One check of the real documents and the broken one together: the type check loads the schemas once.
  let problems: string[] = [];
  beforeAll(async () => {
    problems = await kubernetesProblems([...docs, brokenDeployment()]);
  });
  const of = (file: string) => problems.filter((p) => p.startsWith(`${file}:`));

  it('lists every kind once, and each is valid against the Kubernetes API schemas', () => {
    expect(docs.map((d) => d.doc.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'Namespace', 'PodDisruptionBudget', 'Secret', 'Service', 'ServiceMonitor'].sort(),
    );
    expect(problems.filter((p) => !p.startsWith('broken.yaml:'))).toEqual([]);
  });

  it('the schema check fails a misspelt field, a wrong type and a missing required field', () => {
    const broken = of('broken.yaml').join('\n');
    expect(broken).toMatch(/readinesProbe/);
    expect(broken).toMatch(/replicas must be integer/);
    expect(broken).toMatch(/selector/);
  });

  it('runs two replicas, probed on /healthz and /readyz, given longer to stop than jobs get to finish', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(JOB_GRACE_MS + 5_000);
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toBeTruthy();
  });

  it('runs unprivileged on a read-only root file system, as the Containerfile user', () => {
    const containerfile = readFileSync(join(ROOT, 'Containerfile'), 'utf8');
    const uid = Number(/^USER (\d+)/m.exec(containerfile)?.[1]);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('connects Service, PodDisruptionBudget and ServiceMonitor to the pods and their named port', () => {
    const labels = deployment.spec.template.metadata.labels;
    const service = find('Service');
    for (const selector of [service.spec.selector, find('PodDisruptionBudget').spec.selector.matchLabels]) {
      for (const [k, v] of Object.entries(selector)) expect(labels[k], k).toBe(v);
    }
    expect(container.ports.map((p: Obj) => p.name)).toContain(service.spec.ports[0].targetPort);
    expect(service.spec.ports.map((p: Obj) => p.name)).toContain(find('ServiceMonitor').spec.endpoints[0].port);
  });

  it('keeps every secret in the Secret: no password, token or key in the ConfigMap or the Deployment', () => {
    const visible = JSON.stringify([configMap, deployment]);
    for (const value of Object.values(secret.stringData as Record<string, string>)) {
      expect(visible).not.toContain(value.trim());
    }
    expect(visible).not.toMatch(/password|xox[bp]-/i);
  });
});

/**
 * The pod's configuration as blockops sees it: the ConfigMap's environment, the Deployment's env (with $(VAR)
 * expansion, secretKeyRef and the pod IP) and every mounted file, written below a sandbox at its mount path.
 */
describe('the pod configuration, loaded by blockops', () => {
  let sb: Sandbox;
  let env: Record<string, string>;
  const at = (path: string) => join(sb.root, path);

  function keyOf(source: Obj, key: string): string {
    const from = source === 'secret' ? secret.stringData : configMap.data;
    const value = from[key];
    if (value === undefined) throw new Error(`${source} has no key ${key}`);
    return value;
  }

  beforeAll(async () => {
    sb = await sandbox('blockops-k8s-');
    const volumes = Object.fromEntries(pod.volumes.map((v: Obj) => [v.name, v]));
    for (const mount of container.volumeMounts) {
      const v = volumes[mount.name];
      const sources: [Obj, Obj][] = v.configMap
        ? [['configMap', v.configMap]]
        : v.secret
          ? [['secret', v.secret]]
          : v.projected
            ? v.projected.sources.map((s: Obj) => (s.configMap ? ['configMap', s.configMap] : ['secret', s.secret]))
            : [];
      for (const [kind, source] of sources) {
        for (const item of source.items) {
          const file = at(join(mount.mountPath, item.path));
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, keyOf(kind === 'secret' ? 'secret' : 'configMap', item.key));
        }
      }
    }
    env = {};
    for (const [k, v] of Object.entries(configMap.data as Record<string, string>)) {
      if (/^[A-Z_][A-Z0-9_]*$/.test(k)) env[k] = v;
    }
    const mounts = container.volumeMounts.map((m: Obj) => m.mountPath as string);
    for (const e of container.env) {
      let value: string;
      if (e.valueFrom?.secretKeyRef) value = keyOf('secret', e.valueFrom.secretKeyRef.key);
      else if (e.valueFrom?.fieldRef?.fieldPath === 'status.podIP') value = '10.1.2.3';
      else value = String(e.value).replace(/\$\((\w+)\)/g, (_m, name: string) => env[name] ?? '');
      env[e.name] = mounts.some((m: string) => value.startsWith(`${m}/`)) ? at(value) : value;
    }
    // /etc/openstack is outside the sandbox: point the search at where that mount was written.
    env['OS_CLIENT_CONFIG_FILE'] = at('/etc/openstack/clouds.yaml');
    env['OS_CLIENT_SECURE_FILE'] = at('/etc/openstack/secure.yaml');
  });
  afterAll(() => sb?.cleanup());

  it('loads: PostgreSQL, the cloud with its password from secure.yaml, Slack, Lightbits, the allowed hosts', async () => {
    const config = await sb.load(env);
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    expect(config.server).toMatchObject({ host: '0.0.0.0', port: 3000 });
    expect(config.server.allowedHosts).toEqual(['10.1.2.3', 'blockops.example.com', 'localhost']);
    expect(JSON.stringify(config)).toContain('keystone.example.com');
    expect(() => loadPolicy(config.policyFile)).not.toThrow();
    expect(config.policyFile).toBe(at('/etc/blockops/policy.yaml'));
  });
});

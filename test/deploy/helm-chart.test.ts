import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { simian } from '../support/cli.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const chart = join(root, 'deploy', 'helm', 'simian');

/** helm on PATH, else where scripts/ensure-peers.sh builds it (go install puts it in GOPATH/bin). */
function findHelm(): string | undefined {
  for (const candidate of [process.env.HELM, 'helm']) {
    if (!candidate) continue;
    try {
      execFileSync(candidate, ['version', '--short'], { stdio: 'ignore' });
      return candidate;
    } catch {}
  }
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
    const built = join(gopath, 'bin', 'helm');
    return existsSync(built) ? built : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `ensure-peers.sh --tests` builds helm in the background while CI runs: when that build is still going, wait for
 * its process to end (tail --pid returns when it does), then look again.
 */
function helmOnceBuilt(): string | undefined {
  const found = findHelm();
  if (found) return found;
  const pidFile = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'simian', 'helm-build.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = readFileSync(pidFile, 'utf8').trim();
  if (/^\d+$/.test(pid)) execFileSync('tail', [`--pid=${pid}`, '-f', '/dev/null'], { stdio: 'ignore' });
  return findHelm();
}

const helm = helmOnceBuilt();

interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

interface Container {
  args: string[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
  securityContext: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
}

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { serviceAccountName: string; containers: Container[]; securityContext: Record<string, unknown> };
}

/** `helm template` of the chart with these flags (`--set`, `--set-string`, `-f`): the manifests. */
async function render(...flags: string[]): Promise<Manifest[]> {
  const { stdout } = await run(helm ?? 'helm', ['template', 'chaos', chart, '--namespace', 'chaos', ...flags]);
  return parseAllDocuments(stdout)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

/** helm's error for these flags; empty when the chart renders. */
async function renderError(...flags: string[]): Promise<string> {
  try {
    await render(...flags);
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`)}`);
  return found;
}

function pod(deployment: Manifest): PodTemplate {
  return (deployment.spec as { template: PodTemplate }).template;
}

const REDIS = ['--set', 'redis.url=rediss://:s3cret-pass@redis.internal:6379'];
const ROLE = ['--set', 'serviceAccount.roleArn=arn:aws:iam::123456789012:role/simian-pods'];
// A braced value is a list to --set (and --set-string): the hash-tagged prefix goes as JSON.
const CLUSTER = ['--set', 'redis.cluster={redis-0:6379,redis-1:6379}', '--set-json', 'redis.prefix="{simian}"'];

describe('deploy/helm/simian', () => {
  beforeAll(() => {
    // As the dashboard's browser test with chromium: a missing tool fails the test, saying how to get it.
    if (!helm) throw new Error('helm is missing: bash scripts/ensure-peers.sh --tests builds it with go');
  });

  it('passes helm lint --strict, for one Redis and for a Redis Cluster', async () => {
    await run(helm ?? 'helm', ['lint', '--strict', chart, ...REDIS]);
    await run(helm ?? 'helm', ['lint', '--strict', chart, ...CLUSTER]);
  }, 120_000);

  it('renders the scheduler, the autoscaled workers and the service behind a Service, all as the IRSA account', async () => {
    const manifests = await render(...REDIS, ...ROLE);
    const account = find(manifests, 'ServiceAccount', 'chaos-simian');
    expect(account.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe(
      'arn:aws:iam::123456789012:role/simian-pods',
    );

    const roles = { scheduler: 'scheduler', worker: 'worker', service: 'serve' };
    for (const [role, command] of Object.entries(roles)) {
      const template = pod(find(manifests, 'Deployment', `chaos-simian-${role}`));
      expect(template.spec.serviceAccountName).toBe('chaos-simian');
      expect(template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
      const [container] = template.spec.containers;
      expect(container?.args.slice(0, 3)).toEqual([command, '-c', '/etc/simian/simian.yaml']);
      expect(container?.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      expect(container?.livenessProbe).toBeDefined();
      // The Redis URL (a password in it) comes from a Secret, never a plain value.
      const redis = container?.env.find((variable) => variable.name === 'SIMIAN_REDIS_URL');
      expect(redis?.valueFrom?.secretKeyRef).toEqual({ name: 'chaos-simian-redis', key: 'url' });
    }
    const rendered = JSON.stringify(manifests.filter((manifest) => manifest.kind !== 'Secret'));
    expect(rendered).not.toContain('s3cret-pass');

    const workers = find(manifests, 'Deployment', 'chaos-simian-worker');
    // The autoscaler owns the workers' count: a replicas field would fight it on every upgrade.
    expect(workers.spec?.replicas).toBeUndefined();
    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'chaos-simian-worker');
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'chaos-simian-worker' },
      minReplicas: 2,
    });

    const service = find(manifests, 'Service', 'chaos-simian');
    const served = pod(find(manifests, 'Deployment', 'chaos-simian-service'));
    const selector = (service.spec as { selector: Record<string, string> }).selector;
    expect(served.metadata.labels).toMatchObject(selector);
    const servedEnv = served.spec.containers[0]?.env ?? [];
    expect(servedEnv.find((variable) => variable.name === 'SIMIAN_HTTP_TOKEN')?.valueFrom?.secretKeyRef.name).toBe(
      'chaos-simian-token',
    );
    const hosts = servedEnv.find((variable) => variable.name === 'SIMIAN_HTTP_ALLOWED_HOSTS')?.value ?? '';
    expect(hosts.split(',')).toContain('chaos-simian.chaos.svc');
  });

  it('generates a token Secret of 48 characters, or uses the Secret named and renders none', async () => {
    const generated = find(await render(...REDIS), 'Secret', 'chaos-simian-token');
    expect(Buffer.from(generated.data?.token ?? '', 'base64').toString()).toMatch(/^[A-Za-z0-9]{48}$/);
    const existing = await render(
      ...REDIS,
      ...['--set', 'http.existingSecret=simian-http', '--set', 'http.existingSecretKey=bearer'],
    );
    expect(existing.some((manifest) => manifest.metadata.name === 'chaos-simian-token')).toBe(false);
    const env = pod(find(existing, 'Deployment', 'chaos-simian-service')).spec.containers[0]?.env ?? [];
    expect(env.find((variable) => variable.name === 'SIMIAN_HTTP_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
      name: 'simian-http',
      key: 'bearer',
    });
  });

  it('runs on a Redis Cluster by its seed nodes and a hash-tagged prefix; refuses a prefix without one', async () => {
    const manifests = await render(...CLUSTER);
    const env = pod(find(manifests, 'Deployment', 'chaos-simian-worker')).spec.containers[0]?.env ?? [];
    expect(env.find((variable) => variable.name === 'SIMIAN_REDIS_CLUSTER')?.value).toBe('redis-0:6379,redis-1:6379');
    expect(env.find((variable) => variable.name === 'SIMIAN_REDIS_PREFIX')?.value).toBe('{simian}');
    expect(env.some((variable) => variable.name === 'SIMIAN_REDIS_URL')).toBe(false);
    expect(await renderError('--set', 'redis.cluster={redis-0:6379}', '--set', 'redis.prefix={simian}')).toContain(
      `redis.prefix must be a string: --set reads {simian} as a list, write --set-json 'redis.prefix="{simian}"'`,
    );
    expect(await renderError('--set', 'redis.cluster={redis-0:6379}')).toContain(
      'redis.prefix needs a hash tag so every key lands in one slot: write "{simian}" instead of "simian"',
    );
  });

  it('says where Redis is missing, and refuses a short token', async () => {
    expect(await renderError()).toContain('redis.url (or redis.existingSecret, or redis.cluster) is needed');
    expect(await renderError(...REDIS, '--set', 'http.token=short')).toContain(
      'http.token needs 16 characters or more',
    );
  });

  it('mounts a config and schedules that simian validate accepts', async () => {
    const values = join(mkdtempSync(join(tmpdir(), 'simian-helm-')), 'values.yaml');
    const chaos = readFileSync(join(root, 'schedules', 'chaos.yaml'), 'utf8');
    writeFileSync(values, JSON.stringify({ schedules: { chaos } }));
    const { stdout } = await run(helm ?? 'helm', ['template', 'chaos', chart, ...REDIS, '-f', values]);
    const config = parseAllDocuments(stdout)
      .map((document) => document.toJS() as Manifest | null)
      .find((manifest) => manifest?.kind === 'ConfigMap');
    const dir = mkdtempSync(join(tmpdir(), 'simian-helm-config-'));
    mkdirSync(join(dir, 'schedules'));
    writeFileSync(join(dir, 'simian.yaml'), config?.data?.['simian.yaml'] ?? '');
    writeFileSync(join(dir, 'schedules', 'chaos.yaml'), config?.data?.['schedule-chaos.yaml'] ?? '');
    expect(config?.data?.['schedule-chaos.yaml']).toBe(chaos);
    const validated = await simian('validate', '-c', join(dir, 'simian.yaml'));
    expect(validated.stdout).toMatch(/^ok: 2 files valid/);
    expect(validated.code).toBe(0);
  });
});

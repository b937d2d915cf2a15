// The shipped Alertmanager configurations (deploy/alertmanager): valid for amtool check-config, critical alerts routed
// to the sidecar's webhook with resolves and a token file, and the compose and Kubernetes pieces agreeing on the
// sidecar's address, the token's file and Secret, and the variable the sidecar reads it from.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { WEBHOOK_PATH } from '../../src/alerts/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { amtool } from './alertmanager-process.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const DEPLOY = join(ROOT, 'deploy/alertmanager');

type Yaml = Record<string, any>;
const readYaml = (path: string): Yaml => YAML.parse(readFileSync(path, 'utf8')) as Yaml;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return yamlFiles(path);
    }
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Alertmanager configuration files: a top-level route and receivers (not Kubernetes objects). */
const CONFIGS = yamlFiles(DEPLOY).filter((path) => {
  const doc = readYaml(path);
  return doc && typeof doc === 'object' && 'route' in doc && 'receivers' in doc && !('apiVersion' in doc);
});

function receiverFor(file: string, labels: string[]): string {
  const result = amtool(['config', 'routes', 'test', `--config.file=${file}`, ...labels]);
  assert.equal(result.status, 0, result.output);
  // amtool prints the matching receivers (comma-separated when a route continues) before its warnings.
  return result.output.split('\n')[0].trim();
}

describe('deploy/alertmanager', () => {
  it('holds the compose and the Kubernetes Alertmanager configurations', () => {
    assert.deepEqual(CONFIGS.map((path) => relative(DEPLOY, path)).sort(), [
      'alertmanager.yml',
      posix.join('kubernetes', 'alertmanager.yml'),
    ]);
  });

  for (const file of CONFIGS) {
    const name = relative(ROOT, file);
    describe(name, () => {
      it('passes amtool check-config', () => {
        const result = amtool(['check-config', file]);
        assert.equal(result.status, 0, result.output);
        assert.match(result.output, /SUCCESS/);
      });

      it('routes severity="critical" to the sidecar webhook with resolves and a token file, and nothing else', () => {
        const config = readYaml(file);
        const target = receiverFor(file, ['alertname=KubePodCrashLooping', 'severity=critical', 'namespace=shop']);
        const names = target.split(',');
        const receivers = config.receivers.filter((r: Yaml) => names.includes(r.name));
        const webhooks = receivers.flatMap((r: Yaml) => r.webhook_configs ?? []);
        assert.equal(webhooks.length, 1, `critical alerts reach one webhook (receivers: ${target})`);
        const [webhook] = webhooks;
        assert.equal(new URL(webhook.url).pathname, WEBHOOK_PATH);
        assert.equal(webhook.send_resolved, true);
        assert.ok(!webhook.max_alerts, 'no max_alerts: truncated notifications lose alerts');
        assert.match(webhook.http_config.authorization.credentials_file, /^\//);
        assert.equal(webhook.http_config.authorization.type ?? 'Bearer', 'Bearer');

        const warning = receiverFor(file, ['alertname=CPUThrottlingHigh', 'severity=warning', 'namespace=shop']);
        assert.ok(!warning.split(',').some((r) => names.includes(r)), `warnings go to ${warning}`);
      });
    });
  }

  it('docker-compose: Alertmanager and the sidecar mount the same token file, and the URL names the sidecar', () => {
    const compose = readYaml(join(ROOT, 'docker-compose.yaml'));
    const config = readYaml(join(DEPLOY, 'alertmanager.yml'));
    const webhook = config.receivers.flatMap((r: Yaml) => r.webhook_configs ?? [])[0];
    const mounts = (service: string) =>
      new Map<string, string>(
        (compose.services[service].volumes as string[]).map((v) => {
          const [host, container] = v.split(':');
          return [container, host];
        })
      );

    const amMounts = mounts('alertmanager');
    assert.equal(amMounts.get('/etc/alertmanager/alertmanager.yml'), './deploy/alertmanager/alertmanager.yml');
    const hostToken = amMounts.get(webhook.http_config.authorization.credentials_file);
    assert.equal(hostToken, './deploy/alertmanager/prophet-webhook-token');

    const sidecar = compose.services.sidecar;
    const tokenPath = sidecar.environment.PROPHET_ALERTMANAGER_TOKEN_FILE;
    assert.equal(mounts('sidecar').get(tokenPath), hostToken);

    const url = new URL(webhook.url);
    assert.equal(url.hostname, 'sidecar');
    assert.ok(
      (sidecar.ports as string[]).some((p) => p.endsWith(`:${url.port}`)),
      `the sidecar listens on ${url.port}`
    );

    // The sidecar accepts that token file next to compose's API token.
    const sidecarConfig = loadConfig({
      env: {
        PROPHET_TOKEN: String(sidecar.environment.PROPHET_TOKEN).replace(/^\$\{PROPHET_TOKEN:-(.*)\}$/, '$1'),
        PROPHET_ALERTMANAGER_TOKEN_FILE: join(ROOT, hostToken!),
      },
    });
    assert.ok(sidecarConfig.alertmanager.webhookToken.length >= 16);
  });

  it('Kubernetes: the AlertmanagerConfig, the plain configuration, the Secret and the sidecar patch agree', () => {
    const k8s = join(DEPLOY, 'kubernetes');
    const cr = readYaml(join(k8s, 'alertmanagerconfig.yaml'));
    const plain = readYaml(join(k8s, 'alertmanager.yml'));
    const secret = readYaml(join(k8s, 'secret.example.yaml'));
    const patch = readYaml(join(k8s, 'sidecar-webhook-token.yaml'));
    const kustomization = readYaml(join(k8s, 'kustomization.yaml'));
    const service = readYaml(join(ROOT, 'deploy/sidecar/service.yaml'));
    const sidecarKustomization = readYaml(join(ROOT, 'deploy/sidecar/kustomization.yaml'));
    const deployment = readYaml(join(ROOT, 'deploy/sidecar/deployment.yaml'));

    assert.equal(cr.kind, 'AlertmanagerConfig');
    assert.equal(cr.apiVersion, 'monitoring.coreos.com/v1alpha1');
    assert.deepEqual(cr.spec.route.matchers, [{ name: 'severity', value: 'critical', matchType: '=' }]);
    const receiver = cr.spec.receivers.find((r: Yaml) => r.name === cr.spec.route.receiver);
    const [webhook] = receiver.webhookConfigs;
    assert.equal(webhook.sendResolved, true);
    assert.ok(!webhook.maxAlerts);

    // The sidecar's Service, in the sidecar's namespace, on its port.
    const expectedUrl = `http://${service.metadata.name}.${sidecarKustomization.namespace}.svc:${service.spec.ports[0].port}${WEBHOOK_PATH}`;
    assert.equal(webhook.url, expectedUrl);
    const plainWebhook = plain.receivers.flatMap((r: Yaml) => r.webhook_configs ?? [])[0];
    assert.equal(plainWebhook.url, expectedUrl);

    // One Secret, in the namespace of the AlertmanagerConfig (which may only reference its own namespace's Secrets).
    const { credentials } = webhook.httpConfig.authorization;
    assert.equal(credentials.name, secret.metadata.name);
    assert.ok(credentials.key in secret.stringData);
    assert.equal(secret.metadata.namespace, cr.metadata.namespace);
    // The Prometheus Operator mounts spec.secrets at /etc/alertmanager/secrets/<name>/<key>.
    assert.equal(
      plainWebhook.http_config.authorization.credentials_file,
      `/etc/alertmanager/secrets/${credentials.name}/${credentials.key}`
    );

    // The patch targets the shipped Deployment's container and points the variable at the mounted key.
    assert.equal(patch.metadata.name, deployment.metadata.name);
    const container = patch.spec.template.spec.containers[0];
    assert.ok(deployment.spec.template.spec.containers.some((c: Yaml) => c.name === container.name));
    const volume = patch.spec.template.spec.volumes[0];
    assert.equal(volume.secret.secretName, credentials.name);
    const mount = container.volumeMounts.find((m: Yaml) => m.name === volume.name);
    const env = container.env.find((e: Yaml) => e.name === 'PROPHET_ALERTMANAGER_TOKEN_FILE');
    assert.equal(env.value, `${mount.mountPath}/${credentials.key}`);
    assert.equal(kustomization.namespace, sidecarKustomization.namespace);
    assert.deepEqual(kustomization.resources, ['../../sidecar']);
    assert.deepEqual(kustomization.patches, [{ path: 'sidecar-webhook-token.yaml' }]);
  });
});

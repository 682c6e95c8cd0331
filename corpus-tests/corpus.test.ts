/**
 * The real-world corpus check of issue 2: `validate --k8s-version 1.33` over every file of
 * ../shared/corpus (Istio injector outputs end in `.yaml.injected`, Linkerd's in `.golden.yml`,
 * so the files are named explicitly rather than found by a folder walk). These manifests are
 * accepted by real API servers, so every `api` error must be one the 1.33 API server also gives:
 * each such finding is listed in API_ALLOWLIST with the reason it is real.
 *
 * Skipped cleanly when ../shared/corpus is absent (a clone outside the workspace).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadInputs } from '../src/manifest/load.js';
import { resolveVersion } from '../src/model/versions.js';
import type { Diagnostic } from '../src/rules/diagnostic.js';
import { validateInput } from '../src/validate/validate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// SIDECARCTL_CORPUS points elsewhere (e.g. to check the skip with a missing folder).
const CORPUS =
  process.env['SIDECARCTL_CORPUS'] ??
  fileURLToPath(new URL('../../shared/corpus', import.meta.url));

/** An `api` error the real 1.33 API server also reports for a corpus file. */
interface AllowedApiError {
  /** The file's name inside its corpus folder. */
  readonly file: string;
  readonly rule: string;
  readonly field: string;
  /** Why the API server rejects it too (cite the validation rule). */
  readonly reason: string;
}

// Filled by the owner of src/api/ as findings are confirmed against Kubernetes' validation.
const API_ALLOWLIST: readonly AllowedApiError[] = [
  {
    file: 'samples__mtls-echo__mtls-echo.yaml',
    rule: 'api-volume-mounts',
    field: 'spec.template.spec.containers[0].volumeMounts[1].name',
    reason:
      'mounts volume ca-certs but the pod declares volumes certs and ca: ValidateVolumeMounts NotFound',
  },
  {
    file: 'pkg__kube__inject__testdata__inject__only-proxy-container.yaml.injected',
    rule: 'api-containers-required',
    field: 'spec.template.spec.containers',
    reason:
      'containers: [] after the injector moved istio-proxy to initContainers: validateContainers requires at least one container',
  },
  {
    file: 'pkg__kube__inject__testdata__inject__sidecar-spire.yaml.injected',
    rule: 'api-container-image',
    field: 'spec.template.spec.containers[1].image',
    reason:
      'the istio-proxy stub left in containers has only volumeMounts, no image: validateContainerCommon Required',
  },
  {
    file: 'pkg__kube__inject__testdata__inject__sidecar-spire.yaml.injected',
    rule: 'api-container-name',
    field: 'spec.template.spec.initContainers[1].name',
    reason:
      'initContainers[1] istio-proxy has the name of containers[1]: validateInitContainers seeds its name set with the regular containers',
  },
  {
    file: 'autoscaling__custom-compute-classes__reservations__deployment-gpu.yaml',
    rule: 'api-decode',
    field: 'spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]',
    reason:
      '${ACCELERATOR_QUANTITY} placeholder is not a quantity: the decoder rejects it (resource.ErrFormatWrong)',
  },
  {
    file: 'autoscaling__custom-compute-classes__reservations__deployment-gpu.yaml',
    rule: 'api-decode',
    field: 'spec.template.spec.containers[0].resources.requests[nvidia.com/gpu]',
    reason:
      '${ACCELERATOR_QUANTITY} placeholder is not a quantity: the decoder rejects it (resource.ErrFormatWrong)',
  },
  {
    file: 'cli__cmd__testdata__inject_contour.input.yml',
    rule: 'api-volume-mounts',
    field: 'spec.template.spec.containers[1].volumeMounts[0].name',
    reason: 'mounts contour-config but the pod declares no volumes: ValidateVolumeMounts NotFound',
  },
  {
    file: 'cli__cmd__testdata__inject_contour.input.yml',
    rule: 'api-volume-mounts',
    field: 'spec.template.spec.initContainers[0].volumeMounts[0].name',
    reason: 'mounts contour-config but the pod declares no volumes: ValidateVolumeMounts NotFound',
  },
  {
    file: 'cli__cmd__testdata__inject_emojivoto_already_injected.input.yml',
    rule: 'api-container-image',
    field: 'spec.template.spec.containers[1].image',
    reason:
      'test input with a container that has a name but no image: validateContainerCommon Required',
  },
  {
    file: 'cli__cmd__testdata__inject_emojivoto_already_injected.input.yml',
    rule: 'api-container-image',
    field: 'spec.template.spec.initContainers[0].image',
    reason:
      'test input with a container that has a name but no image: validateContainerCommon Required',
  },
  {
    file: 'cli__cmd__testdata__inject_contour.golden.yml',
    rule: 'api-volume-mounts',
    field: 'spec.template.spec.containers[1].volumeMounts[0].name',
    reason: 'mounts contour-config but the pod declares no volumes: ValidateVolumeMounts NotFound',
  },
  {
    file: 'cli__cmd__testdata__inject_contour.golden.yml',
    rule: 'api-volume-mounts',
    field: 'spec.template.spec.initContainers[2].volumeMounts[0].name',
    reason: 'mounts contour-config but the pod declares no volumes: ValidateVolumeMounts NotFound',
  },
  {
    file: 'content__en__examples__pods__restart-policy__restart-all-containers.yaml',
    rule: 'api-unknown-field',
    field: 'spec.initContainers[1].restartPolicyRules',
    reason:
      'restartPolicyRules is the 1.34 ContainerRestartRules field: unknown to 1.33, strict field validation rejects it',
  },
  {
    file: 'tutorials__hello-kubernetes__deploy__node.yaml',
    rule: 'api-unknown-field',
    field: 'spec.template.spec.containers[0].value',
    reason:
      'value is mis-indented under the container (meant for env[0]): strict field validation rejects the unknown field',
  },
  {
    file: '_archived__volumes__aws_ebs__aws-ebs-web.yaml',
    rule: 'api-ports',
    field: 'spec.containers[0].ports[0].protocol',
    reason: 'protocol "tcp" is lower case: validateContainerPorts supports SCTP, TCP, UDP only',
  },
  {
    file: '_archived__volumes__cinder__cinder-web.yaml',
    rule: 'api-ports',
    field: 'spec.containers[0].ports[0].protocol',
    reason: 'protocol "tcp" is lower case: validateContainerPorts supports SCTP, TCP, UDP only',
  },
  {
    file: 'examples__k8s-service__deployment.yaml',
    rule: 'api-container-name',
    field: 'spec.template.spec.containers[0].name',
    reason: 'placeholder name <YOUR-...> is not a DNS-1123 label (ValidateDNS1123Label)',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_sa_key.yaml',
    rule: 'api-volumes',
    field: 'spec.template.spec.volumes[0].name',
    reason: 'placeholder name <YOUR-...> is not a DNS-1123 label (ValidateDNS1123Label)',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_sa_key.yaml',
    rule: 'api-container-name',
    field: 'spec.template.spec.containers[0].name',
    reason: 'placeholder name <YOUR-...> is not a DNS-1123 label (ValidateDNS1123Label)',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_sa_key.yaml',
    rule: 'api-container-image',
    field: 'spec.template.spec.containers[0].image',
    reason:
      'placeholder container ("# ... other container configuration") has no image: validateContainerCommon requires one',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_sa_key.yaml',
    rule: 'api-volume-mounts',
    field: 'spec.template.spec.initContainers[0].volumeMounts[0].name',
    reason:
      'the placeholder volume <YOUR-SA-SECRET-VOLUME> failed validation, so ValidateVolumes left it out and the mount is Not found',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_workload_identity.yaml',
    rule: 'api-container-name',
    field: 'spec.template.spec.containers[0].name',
    reason: 'placeholder name <YOUR-...> is not a DNS-1123 label (ValidateDNS1123Label)',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_workload_identity.yaml',
    rule: 'api-container-image',
    field: 'spec.template.spec.containers[0].image',
    reason:
      'placeholder container ("# ... other container configuration") has no image: validateContainerCommon requires one',
  },
  {
    file: 'examples__k8s-sidecar__no_proxy_private_ip.yaml',
    rule: 'api-container-name',
    field: 'spec.template.spec.containers[0].name',
    reason: 'placeholder name <YOUR-...> is not a DNS-1123 label (ValidateDNS1123Label)',
  },
  {
    file: 'examples__k8s-sidecar__no_proxy_private_ip.yaml',
    rule: 'api-container-image',
    field: 'spec.template.spec.containers[0].image',
    reason:
      'placeholder container ("# ... other container configuration") has no image: validateContainerCommon requires one',
  },
  {
    file: 'examples__k8s-health-check__proxy_with_http_health_check.yaml',
    rule: 'api-volumes',
    field: 'spec.template.spec.volumes[0].name',
    reason: 'placeholder name <YOUR-...> is not a DNS-1123 label (ValidateDNS1123Label)',
  },
  {
    file: 'examples__k8s-health-check__proxy_with_http_health_check.yaml',
    rule: 'api-container-name',
    field: 'spec.template.spec.containers[0].name',
    reason: 'placeholder name <YOUR-...> is not a DNS-1123 label (ValidateDNS1123Label)',
  },
  {
    file: 'examples__k8s-health-check__proxy_with_http_health_check.yaml',
    rule: 'api-container-image',
    field: 'spec.template.spec.containers[0].image',
    reason:
      'placeholder container ("# ... other container configuration") has no image: validateContainerCommon requires one',
  },
  {
    file: 'examples__k8s-health-check__proxy_with_http_health_check.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      '<YOUR-...> placeholder name is not a DNS subdomain: ValidateObjectMeta with NameIsDNSSubdomain',
  },
  {
    file: 'examples__k8s-service__deployment.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      '<YOUR-...> placeholder name is not a DNS subdomain: ValidateObjectMeta with NameIsDNSSubdomain',
  },
  {
    file: 'examples__k8s-service__pgbouncer_deployment.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      '<YOUR-...> placeholder name is not a DNS subdomain: ValidateObjectMeta with NameIsDNSSubdomain',
  },
  {
    file: 'examples__k8s-sidecar__no_proxy_private_ip.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      '<YOUR-...> placeholder name is not a DNS subdomain: ValidateObjectMeta with NameIsDNSSubdomain',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_sa_key.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      '<YOUR-...> placeholder name is not a DNS subdomain: ValidateObjectMeta with NameIsDNSSubdomain',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_workload_identity.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      '<YOUR-...> placeholder name is not a DNS subdomain: ValidateObjectMeta with NameIsDNSSubdomain',
  },
  {
    file: 'examples__k8s-health-check__proxy_with_http_health_check.yaml',
    rule: 'api-metadata',
    field: 'spec.template.labels',
    reason:
      '<YOUR-...> placeholder label value: ValidatePodTemplateSpec ValidateLabels (reported at the template path, not its metadata)',
  },
  {
    file: 'examples__k8s-service__deployment.yaml',
    rule: 'api-metadata',
    field: 'spec.template.labels',
    reason:
      '<YOUR-...> placeholder label value: ValidatePodTemplateSpec ValidateLabels (reported at the template path, not its metadata)',
  },
  {
    file: 'examples__k8s-service__pgbouncer_deployment.yaml',
    rule: 'api-metadata',
    field: 'spec.template.labels',
    reason:
      '<YOUR-...> placeholder label value: ValidatePodTemplateSpec ValidateLabels (reported at the template path, not its metadata)',
  },
  {
    file: 'examples__k8s-sidecar__no_proxy_private_ip.yaml',
    rule: 'api-metadata',
    field: 'spec.template.labels',
    reason:
      '<YOUR-...> placeholder label value: ValidatePodTemplateSpec ValidateLabels (reported at the template path, not its metadata)',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_sa_key.yaml',
    rule: 'api-metadata',
    field: 'spec.template.labels',
    reason:
      '<YOUR-...> placeholder label value: ValidatePodTemplateSpec ValidateLabels (reported at the template path, not its metadata)',
  },
  {
    file: 'examples__k8s-sidecar__proxy_with_workload_identity.yaml',
    rule: 'api-metadata',
    field: 'spec.template.labels',
    reason:
      '<YOUR-...> placeholder label value: ValidatePodTemplateSpec ValidateLabels (reported at the template path, not its metadata)',
  },
  {
    file: 'pkg__kube__inject__testdata__inject__status_annotations.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      'statusPort has upper case: not a DNS subdomain (ValidateObjectMeta NameIsDNSSubdomain); the injector test never sends it to a server',
  },
  {
    file: 'pkg__kube__inject__testdata__inject__status_annotations.yaml.injected',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      'statusPort has upper case: not a DNS subdomain (ValidateObjectMeta NameIsDNSSubdomain); the injector test never sends it to a server',
  },
  {
    file: 'pkg__kube__inject__testdata__inject__status_annotations_zeroport.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      'statusPort has upper case: not a DNS subdomain (ValidateObjectMeta NameIsDNSSubdomain); the injector test never sends it to a server',
  },
  {
    file: 'pkg__kube__inject__testdata__inject__status_annotations_zeroport.yaml.injected',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      'statusPort has upper case: not a DNS subdomain (ValidateObjectMeta NameIsDNSSubdomain); the injector test never sends it to a server',
  },
  {
    file: 'pkg__kube__inject__testdata__inject__status_params.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      'statusPort has upper case: not a DNS subdomain (ValidateObjectMeta NameIsDNSSubdomain); the injector test never sends it to a server',
  },
  {
    file: 'pkg__kube__inject__testdata__inject__status_params.yaml.injected',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      'statusPort has upper case: not a DNS subdomain (ValidateObjectMeta NameIsDNSSubdomain); the injector test never sends it to a server',
  },
  {
    file: '_archived__storage__vitess__vttablet-pod-template.yaml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason: '{{uid}} template placeholder in the name: not a DNS subdomain (ValidateObjectMeta)',
  },
  {
    file: '_archived__storage__vitess__vttablet-pod-template.yaml',
    rule: 'api-metadata',
    field: 'metadata.labels',
    reason: '{{...}} template placeholders as label values: ValidateLabels IsValidLabelValue',
  },
  {
    file: 'cli__cmd__testdata__inject_gettest_deployment.bad.input.yml',
    rule: 'api-metadata',
    field: 'metadata.name',
    reason:
      'a Deployment with no name nor generateName: ValidateObjectMeta Required (a deliberately bad linkerd test input)',
  },
];

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...corpusFiles(full));
    else if (entry.isFile() && !entry.name.endsWith('.md')) out.push(full);
  }
  return out.sort();
}

const present = existsSync(CORPUS);

describe(
  'the shared corpus under validate --k8s-version 1.33',
  { skip: present ? false : `${CORPUS} is absent` },
  () => {
    const files = present ? corpusFiles(CORPUS) : [];

    it('when every corpus file is validated through the library then nothing throws and every api error is allowlisted', (t) => {
      assert.ok(files.length > 0, 'the corpus has files');
      const report = validateInput(loadInputs(files), { version: resolveVersion('1.33') });
      assert.ok(report.objects.length >= files.length, 'every file yields at least one object');
      const all: Diagnostic[] = report.objects.flatMap((o) => o.diagnostics);
      const byCategory = new Map<string, number>();
      for (const d of all) byCategory.set(d.category, (byCategory.get(d.category) ?? 0) + 1);
      t.diagnostic(
        `${String(files.length)} files, ${String(report.objects.length)} objects, findings: ${JSON.stringify(Object.fromEntries(byCategory))}`,
      );
      const unexplained = all
        .filter((d) => d.category === 'api' && d.severity === 'error')
        .filter(
          (d) =>
            !API_ALLOWLIST.some(
              (a) => a.file === basename(d.file) && a.rule === d.rule && a.field === d.field,
            ),
        )
        .map((d) => `${basename(d.file)}:${String(d.line)}: [${d.rule}] ${d.field}: ${d.message}`);
      assert.deepEqual(unexplained, [], 'api errors on manifests real API servers accept');
    });

    it('when the CLI validates the whole corpus then it exits 0 or 1, never 2, and prints no stack trace', () => {
      const main = join(ROOT, 'src', 'cli', 'main.ts');
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', main, 'validate', '--k8s-version', '1.33', ...files],
        {
          cwd: ROOT,
          encoding: 'utf8',
          maxBuffer: 512 * 1024 * 1024,
        },
      );
      assert.ok(r.status === 0 || r.status === 1, `exit status ${String(r.status)}: ${r.stderr}`);
      for (const stream of [r.stdout, r.stderr]) {
        assert.doesNotMatch(stream, /^\s+at .+\(.*:\d+:\d+\)$/m, 'no stack trace');
        assert.doesNotMatch(stream, /internal error/);
      }
      assert.match(
        r.stdout,
        /error\(s\), \d+ warning\(s\) in \d+ object\(s\) \(Kubernetes 1\.33\)\n$/,
      );
    });
  },
);

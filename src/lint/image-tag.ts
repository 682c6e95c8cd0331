/**
 * practice: images without a pinned tag. `:latest` or no tag at all means every node may run a
 * different build, and a restarted sidecar may come back as another version (kube-linter
 * latest-tag, Polaris tagNotSpecified). With `imagePullPolicy: IfNotPresent` or `Never` such an
 * image is also never refreshed (Polaris pullPolicyNotAlways; Kubernetes defaults the policy to
 * Always only for `:latest` and untagged images, pkg/apis/core/v1/defaults.go SetDefaults_Container).
 */
import type { ClassifiedContainer } from '../model/containers.js';
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField } from './container-facts.js';
import { isInjectionPlaceholder } from '../catalog/recognise.js';
import { imageTag } from '../model/image.js';

const LATEST: RuleMeta = {
  id: 'image-latest-tag',
  category: 'practice',
  severity: 'warning',
  doc: 'A container image is untagged or uses :latest, so the running version is not reproducible.',
};

const PULL_POLICY: RuleMeta = {
  id: 'latest-tag-pull-policy',
  category: 'practice',
  severity: 'warning',
  doc: 'A :latest or untagged image with imagePullPolicy IfNotPresent or Never is never refreshed on nodes that have it.',
};

function who(c: ClassifiedContainer): string {
  const kind =
    c.kind === 'sidecar' ? 'sidecar' : c.kind === 'init' ? 'init container' : 'container';
  return `${kind} "${c.name}"`;
}

export const imageTagRules: RuleSet = {
  rules: [LATEST, PULL_POLICY],
  check(ctx: RuleContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    for (const c of ctx.containers) {
      const image = c.spec['image'];
      // Templated images (Helm, kustomize vars, `$(VAR)`) are not final yet.
      if (
        typeof image !== 'string' ||
        image.trim() === '' ||
        /[{}$]/.test(image) ||
        isInjectionPlaceholder(c.spec)
      )
        continue;
      const tag = imageTag(image);
      if (tag === null || (tag !== '' && tag !== 'latest')) continue;
      out.push({
        rule: LATEST.id,
        field: containerField(ctx, c, 'image'),
        message: `${who(c)} uses image "${image}" ${tag === '' ? 'without a tag' : 'with :latest'}; pin a version tag or digest`,
      });
      const policy = c.spec['imagePullPolicy'];
      if (policy === 'IfNotPresent' || policy === 'Never') {
        out.push({
          rule: PULL_POLICY.id,
          field: containerField(ctx, c, 'imagePullPolicy'),
          message: `${who(c)} pulls "${image}" with imagePullPolicy ${policy}: nodes keep whatever version they pulled first`,
        });
      }
    }
    return out;
  },
};

/**
 * Object metadata, as the API server checks it on create: apimachinery
 * pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor (name or generateName, the name
 * function of the kind, namespace, labels, annotations) and, for a workload, validation.go
 * ValidatePodTemplateSpec on the pod template's labels and annotations.
 *
 * Quirks kept: ValidatePodTemplateSpec is given the template's path, not its metadata's, so a
 * template's bad label is reported at `spec.template.labels`, not `spec.template.metadata.labels`;
 * label and annotation problems are reported at the map's path with the bad key or value as the
 * value. A missing namespace is not reported: kubectl and every client fill it from the request.
 * Only a name given with generateName is not checked again: the server generates it first
 * (rest.BeforeCreate), from a prefix already checked here.
 */
import { isRecord, type ManifestObject } from '../manifest/objects.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import { child, report, type ApiCheck } from './check-context.js';
import { invalid, maxLenError, regexError, required } from './field-error.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors } from './names.js';

/** TotalAnnotationSizeLimitB: 256 KiB over all keys and values. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
/** batch validation ValidateCronJobCreate: DNS1035LabelMaxLength - 11 (room for the job suffix). */
const CRONJOB_NAME_MAX = 52;

const LABEL_VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** IsValidLabelValue. */
function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(value))
    errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/**
 * The name function of a kind (ValidatePodName, ValidateDeploymentName, ... are all
 * NameIsDNSSubdomain for the pod-bearing kinds). With `prefix` (generateName), a trailing dash is
 * allowed (apimachinery maskTrailingDash).
 */
function nameErrors(name: string, prefix: boolean): string[] {
  const v = prefix && name.length > 1 && name.endsWith('-') ? name.slice(0, -1) : name;
  return dns1123SubdomainErrors(v);
}

/** ValidateLabels: every key a qualified name, every value a label value. */
function checkLabels(c: ApiCheck, path: string, value: unknown): void {
  if (!isRecord(value)) return;
  for (const [k, v] of Object.entries(value)) {
    for (const m of qualifiedNameErrors(k)) report(c, 'api-metadata', path, invalid(k, m));
    if (typeof v !== 'string') continue;
    for (const m of labelValueErrors(v)) report(c, 'api-metadata', path, invalid(v, m));
  }
}

/** ValidateAnnotations: keys are qualified names (lower-cased first), the total size is bounded. */
function checkAnnotations(c: ApiCheck, path: string, value: unknown): void {
  if (!isRecord(value)) return;
  let total = 0;
  for (const [k, v] of Object.entries(value)) {
    for (const m of qualifiedNameErrors(k.toLowerCase()))
      report(c, 'api-metadata', path, invalid(k, m));
    total += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    // field.TooLong(fldPath, "", TotalAnnotationSizeLimitB): the value is not printed.
    report(
      c,
      'api-metadata',
      path,
      `Too long: must have at most ${String(TOTAL_ANNOTATION_SIZE_LIMIT)} bytes`,
    );
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** ValidateObjectMetaAccessor of the object itself (`metadata`). */
function checkObjectMeta(c: ApiCheck, object: ManifestObject): void {
  const md = isRecord(object.value['metadata']) ? object.value['metadata'] : {};
  const name = str(md['name']);
  const generateName = str(md['generateName']);
  if (generateName !== '') {
    for (const m of nameErrors(generateName, true))
      report(c, 'api-metadata', 'metadata.generateName', invalid(generateName, m));
  }
  if (name === '') {
    if (generateName === '')
      report(c, 'api-metadata', 'metadata.name', required('name or generateName is required'));
  } else {
    for (const m of nameErrors(name, false))
      report(c, 'api-metadata', 'metadata.name', invalid(name, m));
    if (object.kind === 'CronJob' && name.length > CRONJOB_NAME_MAX)
      report(c, 'api-metadata', 'metadata.name', invalid(name, maxLenError(CRONJOB_NAME_MAX)));
  }
  const namespace = str(md['namespace']);
  if (namespace !== '') {
    // ValidateNamespaceName: NameIsDNSLabel.
    for (const m of dns1123LabelErrors(namespace, c.version))
      report(c, 'api-metadata', 'metadata.namespace', invalid(namespace, m));
  }
  checkLabels(c, 'metadata.labels', md['labels']);
  checkAnnotations(c, 'metadata.annotations', md['annotations']);
}

/**
 * The metadata checks of the object and, for a workload, of its pod template (at the template's
 * path: `spec.template.labels`).
 */
export function checkMetadata(c: ApiCheck, template: PodTemplate): void {
  checkObjectMeta(c, template.object);
  if (template.object.kind === 'Pod') return;
  const templatePath = template.specField.replace(/\.spec$/, '');
  checkLabels(c, child(templatePath, 'labels'), template.podMetadata['labels']);
  checkAnnotations(c, child(templatePath, 'annotations'), template.podMetadata['annotations']);
}

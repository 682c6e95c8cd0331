/**
 * Request bodies: JSON or YAML by Content-Type, as kube-apiserver's serializers take them
 * (k8s.io/apimachinery pkg/runtime/serializer/json: YAML is converted to JSON first), and their
 * checks before anything is stored: an object, of the resource's kind and apiVersion, in the
 * request's namespace (k8s.io/apiserver pkg/endpoints/handlers/create.go, rest.go).
 */
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../store/types.js';
import { apiVersionOf, type ServedResource } from './resources.js';
import { badRequest, HttpStatusError, unsupportedMediaType } from './status.js';

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function isYaml(type: string): boolean {
  return type === 'application/yaml' || type.endsWith('+yaml') || type === 'text/yaml';
}

/**
 * A body's value: YAML for `*yaml` types, JSON for everything else kubectl sends.
 * @throws HttpStatusError 400 for malformed input, 415 for protobuf (we answer JSON only)
 */
export function decodeBody(body: Buffer | undefined, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type.includes('protobuf')) throw unsupportedMediaType(type);
  const text = (body ?? Buffer.alloc(0)).toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request is empty');
  try {
    if (isYaml(type)) return parseYaml(text, { maxAliasCount: 100 }) as unknown;
    return JSON.parse(text) as unknown;
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw badRequest(
      isYaml(type)
        ? `error converting YAML to JSON: yaml: ${why ?? ''}`
        : `couldn't get version/kind; json parse error: ${why ?? ''}`,
    );
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The object of a create or update body, with apiVersion and kind checked (filled when absent)
 * and metadata.namespace checked against the request's.
 * @throws HttpStatusError 400 as kube-apiserver words each case
 */
export function objectOfBody(
  value: unknown,
  r: ServedResource,
  namespace: string | undefined,
): KubeObject {
  if (!isRecord(value))
    throw badRequest('the object provided is unrecognized (must be of type object)');
  const apiVersion = value['apiVersion'] ?? apiVersionOf(r);
  const kind = value['kind'] ?? r.kind;
  if (apiVersion !== apiVersionOf(r) || kind !== r.kind) {
    throw badRequest(
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${apiVersionOf(r)})`,
    );
  }
  const metadata = isRecord(value['metadata']) ? { ...value['metadata'] } : {};
  if (r.namespaced && namespace !== undefined) {
    if (
      metadata['namespace'] !== undefined &&
      metadata['namespace'] !== '' &&
      metadata['namespace'] !== namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    metadata['namespace'] = namespace;
  }
  return { ...value, apiVersion: apiVersionOf(r), kind: r.kind, metadata } as KubeObject;
}

/** The name in the body must be the one in the URL (update). */
export function checkNameMatches(obj: KubeObject, name: string): void {
  const got = obj.metadata.name;
  if (got !== undefined && got !== '' && got !== name) {
    throw new HttpStatusError(
      400,
      'BadRequest',
      `the name of the object (${String(got)}) does not match the name on the URL (${name})`,
    );
  }
}

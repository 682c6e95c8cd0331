/**
 * Which Scenario goes with which pod of the input, and whether its containers exist: the
 * selection half of the Scenario (docs/scenario.md, `spec.pod`); scenario.ts reads the format.
 */
import { SidecarError } from '../errors.js';
import { formatPath, type PathSegment } from '../manifest/field-path.js';
import { locateField, type ManifestObject } from '../manifest/objects.js';
import { podNames, type PodTemplate } from '../manifest/pod-templates.js';
import { isScenarioObject, parseScenario, type Scenario } from './scenario.js';

/** Every Scenario among the input objects, parsed (the first malformed one throws). */
export function scenariosOf(objects: readonly ManifestObject[]): Scenario[] {
  return objects.filter(isScenarioObject).map(parseScenario);
}

/**
 * The Scenario for a pod among the input objects: the one whose `spec.pod` names it, else the
 * one without `spec.pod`; undefined when there is none.
 */
export function findScenario(
  objects: readonly ManifestObject[],
  template: PodTemplate,
): Scenario | undefined {
  const all = scenariosOf(objects);
  const names = podNames(template);
  return (
    all.find((s) => s.pod !== null && names.includes(s.pod)) ?? all.find((s) => s.pod === null)
  );
}

/**
 * The pod a scenario is about: the template named by `spec.pod`, or the only one.
 * @throws SidecarError SIDECAR_E_NO_POD when it names none, or is ambiguous
 */
export function podForScenario(templates: readonly PodTemplate[], scenario: Scenario): PodTemplate {
  if (scenario.pod !== null) {
    const t = templates.find((x) => podNames(x).includes(scenario.pod!));
    if (t === undefined) {
      throw new SidecarError(
        'SIDECAR_E_NO_POD',
        `scenario ${scenario.name}: no pod or workload named "${scenario.pod}" in the input`,
        {
          ...(scenario.file !== '' ? { file: scenario.file } : {}),
          field: 'spec.pod',
        },
      );
    }
    return t;
  }
  const only = templates[0];
  if (templates.length !== 1 || only === undefined) {
    throw new SidecarError(
      'SIDECAR_E_NO_POD',
      `scenario ${scenario.name}: the input has ${String(templates.length)} pods; name one with spec.pod`,
      { ...(scenario.file !== '' ? { file: scenario.file } : {}), field: 'spec.pod' },
    );
  }
  return only;
}

/**
 * Checks that every container a scenario scripts exists in the pod.
 * @throws SidecarError SIDECAR_E_SCENARIO naming the field
 */
export function checkScenarioContainers(
  scenario: Scenario,
  containerNames: readonly string[],
): void {
  const named: [string, PathSegment[]][] = Object.keys(scenario.containers).map((name) => [
    name,
    ['spec', 'containers', name],
  ]);
  scenario.events.forEach((e, i) => {
    if (e.type === 'setImage')
      named.push([e.container, ['spec', 'events', i, 'setImage', 'container']]);
  });
  for (const [name, path] of named) {
    if (containerNames.includes(name)) continue;
    const pos = scenario.object !== null ? locateField(scenario.object, path) : null;
    throw new SidecarError(
      'SIDECAR_E_SCENARIO',
      `scenario ${scenario.name}: ${formatPath(path)}: the pod has no container "${name}" (it has: ${containerNames.join(', ')})`,
      {
        ...(scenario.file !== '' ? { file: scenario.file } : {}),
        ...(pos !== null ? { line: pos.line, column: pos.column } : {}),
        field: formatPath(path),
      },
    );
  }
}

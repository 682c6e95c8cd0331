/**
 * For the tests of edits made as one run from one parse (yaml-text-move-run.ts,
 * yaml-text-beside-run.ts): the same patch one operation at a time, and the parses an edit makes.
 */
import type { Patch } from './patch.js';
import { rewriteParses } from './rewrite-parses.js';
import { forgetLoad } from './yaml-text-nodes.js';
import { patchYamlText } from './yaml-text-patch.js';

/** The same patch, one operation per patchYamlText call: no run of operations then. */
export function oneByOne(text: string, patch: Patch): string {
  return patch.reduce((t, op) => patchYamlText(t, 0, [], [op]), text);
}

/** The edit's text and the rewrite parses it made (with no load's parse to reuse). */
export function parsesOf(edit: () => string): { out: string; parses: number } {
  forgetLoad();
  const before = rewriteParses.calls;
  const out = edit();
  return { out, parses: rewriteParses.calls - before };
}

import type { Command } from 'commander';
import { explainRule } from '../../rules/explain.js';
import { allRules } from '../../validate/registry.js';
import { action, writeOut } from '../common.js';

/** `sidecarctl explain RULE`: why a validate rule exists, an example, the fix. */
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .summary('explain a validate rule: why, an example, the fix')
    .description(
      'Explain a rule of sidecarctl validate (ids as --list-rules and the findings\n' +
        'show them): what it finds, why it matters, an example, and the fix.',
    )
    .argument('<rule>', 'rule id, e.g. sidecar-gate-disabled')
    .action(
      action(async (id: string) => {
        await writeOut(explainRule(allRules(), id));
        return 0;
      }),
    );
}

import { Argument, type Command } from 'commander';
import { completionScript } from '../completion.js';
import { action, writeOut } from '../common.js';

/** `sidecarctl completion bash|zsh|fish`: the completion script of a shell. */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .summary('print the shell completion script (bash, zsh or fish)')
    .description(
      'Print the completion script of a shell, as kubectl completion does:\n' +
        '  source <(sidecarctl completion bash)     # bash\n' +
        '  source <(sidecarctl completion zsh)      # zsh\n' +
        '  sidecarctl completion fish | source      # fish\n' +
        'As a kubectl plugin, put bin/kubectl_complete-sidecar on PATH: kubectl then\n' +
        'completes `kubectl sidecar <TAB>` itself.',
    )
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .action(
      action(async (shell: string) => {
        await writeOut(completionScript(shell, program.name().replace(/ /g, '-')));
        return 0;
      }),
    );
}

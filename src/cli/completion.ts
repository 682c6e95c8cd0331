/**
 * Shell completion, in cobra's protocol (what kubectl speaks): `<prog> __complete <words...>`
 * prints one candidate per line, then `:<directive>` (0: the shell may complete file names too,
 * 4: no file names). The bash, zsh and fish scripts of `sidecarctl completion SHELL` call it;
 * kubectl calls `kubectl_complete-sidecar __complete <words...>` for `kubectl sidecar <TAB>`.
 * Minimal: command names, then the flags of the command.
 */
import type { Command } from 'commander';

const NO_FILE = 4;
const DEFAULT = 0;

/** The flag spellings of a command (long and short). */
function flagsOf(cmd: Command): string[] {
  return cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
}

/**
 * The candidates for the last word, given the words before it (program name excluded).
 * @returns cobra's output: candidates, then `:<directive>`
 */
export function complete(program: Command, words: readonly string[]): string {
  const partial = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const name = before.find((w) => !w.startsWith('-'));
  const visible = program.commands.filter((c) => !c.name().startsWith('__'));
  const out = (items: readonly string[], directive: number): string =>
    [...items.filter((i) => i.startsWith(partial)), `:${String(directive)}`].join('\n') + '\n';
  if (name === undefined) {
    if (partial.startsWith('-')) return out(flagsOf(program), NO_FILE);
    return out(
      visible.flatMap((c) => [c.name(), ...c.aliases()]),
      NO_FILE,
    );
  }
  const cmd = visible.find((c) => c.name() === name || c.aliases().includes(name));
  if (cmd === undefined) return out([], NO_FILE);
  if (partial.startsWith('-')) return out([...flagsOf(cmd), '--help'], NO_FILE);
  if (name === 'completion') return out(['bash', 'zsh', 'fish'], NO_FILE);
  // A flag's value or a path: let the shell complete file names.
  return out([], DEFAULT);
}

/** The completion script of a shell, calling `prog __complete`. */
export function completionScript(shell: string, prog: string): string {
  const fn = `_${prog.replace(/[^A-Za-z0-9]/g, '_')}`;
  switch (shell) {
    case 'bash':
      return `# bash completion for ${prog}: source <(${prog} completion bash)
${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} out directive
  out=$("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return
  directive=\${out##*:}
  COMPREPLY=($(compgen -W "$(printf '%s\\n' "$out" | sed '$d')" -- "$cur"))
  if [ \${#COMPREPLY[@]} -eq 0 ] && [ "$directive" = 0 ]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o default -F ${fn} ${prog}
`;
    case 'zsh':
      return `#compdef ${prog}
# zsh completion for ${prog}: source <(${prog} completion zsh)
${fn}() {
  local -a lines
  lines=("\${(@f)$(\${words[1]} __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  local directive=\${lines[-1]#:}
  lines=("\${(@)lines[1,-2]}")
  if (( \${#lines} > 0 )); then
    compadd -- "\${lines[@]}"
  elif [[ $directive == 0 ]]; then
    _files
  fi
}
compdef ${fn} ${prog}
`;
    case 'fish':
      return `# fish completion for ${prog}: ${prog} completion fish | source
function __${fn}_complete
    set -l args (commandline -opc) (commandline -ct)
    set -e args[1]
    ${prog} __complete $args 2>/dev/null | string match -v -r '^:'
end
complete -c ${prog} -f -a '(__${fn}_complete)'
`;
    default:
      return '';
  }
}

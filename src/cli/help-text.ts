/**
 * Command descriptions are written in the source as paragraphs broken at ~95 columns; commander
 * wraps each line to the terminal's width on its own, which left one or two words on lines of
 * their own. Here each paragraph becomes one line for commander to wrap, as kubectl's help
 * flows its long descriptions; lines that start indented or as a list item (`- `, `* `, `$ `)
 * stay where they are.
 */
import type { Command } from 'commander';

function keepsItsLine(line: string): boolean {
  return /^(\s|[-*$] )/.test(line);
}

/** The text with the lines of each paragraph joined. */
export function reflow(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const prev = out.length - 1;
    if (prev >= 0 && out[prev] !== '' && line !== '' && !keepsItsLine(line))
      out[prev] = `${out[prev]!} ${line.trim()}`;
    else out.push(line);
  }
  return out.join('\n');
}

/** Reflows the descriptions of a command and of all its subcommands. */
export function reflowDescriptions(cmd: Command): void {
  cmd.description(reflow(cmd.description()));
  for (const sub of cmd.commands) reflowDescriptions(sub);
}

/**
 * Control characters in user-supplied text (names, images, messages quoting them) would be
 * interpreted by a terminal: ESC starts a sequence that can recolour, retitle or rewrite the
 * screen, CR and BS overwrite what was printed, a newline splits a one-line error. Every
 * human-readable output escapes them with this one function.
 */

// C0 controls, DEL, C1 controls, the Unicode line/paragraph separators and the bidirectional
// overrides and isolates (which reorder what a terminal shows: CVE-2021-42574, "Trojan Source").
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `s` with every control character written as an escape (`\n`, `\t`, `\x1b`, `\u202e`), so it
 * prints as one inert line. Text without control characters is returned unchanged.
 */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

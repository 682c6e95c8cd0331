// Regenerates docs/errors.md from the error catalog: `node --import tsx scripts/gen-errors-doc.ts`.
import { writeFileSync } from 'node:fs';
import { ERRORS } from '../src/errors.js';

let out = `# Error codes

Every error sidecarctl reports has a stable code. The CLI prints it as one line,
\`sidecarctl: <what>: <why>\`, and exits with the code's exit status (2: usage or unreadable input;
1: findings or a failed pod). A test keeps this table and src/errors.ts in step.

| code | exit | meaning |
|---|---|---|
`;
for (const [code, { exitCode, doc }] of Object.entries(ERRORS)) {
  out += `| \`${code}\` | ${String(exitCode)} | ${doc} |\n`;
}
out += `
## Messages

The wording of the errors raised from more than one place lives in the catalog too; \`%s\` is
filled in order.

| code | message |
|---|---|
`;
for (const [code, entry] of Object.entries(ERRORS)) {
  if (!('messages' in entry)) continue;
  for (const message of Object.values(entry.messages)) out += `| \`${code}\` | \`${message}\` |\n`;
}
writeFileSync(new URL('../docs/errors.md', import.meta.url), out);

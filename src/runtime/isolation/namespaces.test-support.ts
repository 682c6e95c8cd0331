/**
 * For tests that need Linux namespaces: the capability answer, and the reason to skip (printed)
 * when the kernel or the machine forbids them.
 */
import { detectCapabilities, type IsolationCapabilities } from './host.js';

export async function namespacesOrSkip(): Promise<{
  caps: IsolationCapabilities;
  skip: string | false;
}> {
  const caps = await detectCapabilities();
  if (caps.namespaces) return { caps, skip: false };
  const reason = `Linux namespaces unavailable here: ${caps.reason ?? 'unknown'}`;
  process.stdout.write(`# skipped: ${reason}\n`);
  return { caps, skip: reason };
}

/**
 * The job of rewrite-parallel.test.ts, and its worker: run as a worker thread, this module
 * serves it (serveRewriteJob); imported, it only gives it.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { Patch } from './patch.js';
import { serveRewriteJob, type RewriteJob } from './rewrite-parallel.js';

/** What the test keeps of an object. */
export interface TestDigest {
  readonly file: string;
  readonly item: number | null;
  readonly name: string;
  readonly ops: number;
  /** The thread that rewrote it (0: the main thread). */
  readonly thread: number;
}

/**
 * Labels every object with its name and adds a container to pods (so that documents grow);
 * throws on an object named `boom`.
 */
export function testJob(): RewriteJob<null, TestDigest> {
  return {
    transform: (o) => {
      if (o.name === 'boom') throw new Error(`cannot rewrite ${o.name}`);
      const patch: Patch = [{ op: 'add', path: '/metadata/labels', value: { app: o.name } }];
      const spec = o.value['spec'] as { containers?: unknown } | undefined;
      if (o.kind === 'Pod' && Array.isArray(spec?.containers))
        patch.push({
          op: 'add',
          path: '/spec/containers/-',
          value: { name: 'side', image: 's:1' },
        });
      return { patch, result: null };
    },
    digest: (o) => ({
      file: o.object.document.file,
      item: o.object.item ?? null,
      name: o.object.name,
      ops: o.patch.length,
      thread: threadId,
    }),
  };
}

/** `{ dieAfter: n }` as workerData: the worker ends (exit code 3) when asked for unit n + 1. */
if (parentPort !== null) {
  const dieAfter = (workerData as { dieAfter?: number } | null)?.dieAfter;
  let units = 0;
  if (dieAfter !== undefined)
    parentPort.on('message', () => {
      if (++units > dieAfter) process.exit(3);
    });
  serveRewriteJob(parentPort, testJob);
}

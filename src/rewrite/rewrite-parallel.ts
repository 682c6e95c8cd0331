/**
 * rewritePaths on every core: a big input is cut into pieces of whole documents
 * (document-split.ts) and worker threads rewrite them, a unit of pieces at a time, while this
 * thread joins the pieces back in order as they come. Documents are independent (a rewrite reads and
 * edits one document at a time), so the files and objects are those of the one-thread rewrite,
 * byte for byte. A worker cannot be handed a function: it makes the same job (transform, and
 * what to keep of each object) from plain data, with the module the caller names.
 *
 * Each piece's objects go to `consume` as soon as the pieces before it are done, so that what
 * the workers send is not held twice. Anything out of the ordinary is left to the one-thread
 * rewrite, which then decides everything as before: a small input, one core, a file that cannot
 * be cut, a document that is not valid YAML, a transform that threw, a worker that failed. It
 * runs from the start; the objects already given to `consume` (the same ones, in the same order)
 * are not given again.
 */
import { availableParallelism } from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { SourceFile } from '../manifest/source.js';
import { documentCuts, piecesAt } from './document-split.js';
import type { FileRewrite, ObjectRewrite, RewriteTransform } from './rewrite-files.js';
import { rewriteParses } from './rewrite-parses.js';
import {
  readRewriteSources,
  rewritePiece,
  rewriteSources,
  type PieceRewrite,
} from './rewrite-stream.js';

/** The part of a rewrite that a worker thread can make again from plain data. */
export interface RewriteJob<R, D> {
  readonly transform: RewriteTransform<R>;
  /** What the caller keeps of an object's rewrite: plain data (it is copied between threads). */
  readonly digest: (o: ObjectRewrite<R>) => D;
}

export interface ParallelRewrite {
  /** The worker's module: it calls serveRewriteJob with the job it makes from `data`. */
  readonly worker: URL;
  /** Plain data from which the worker's module makes the same job as this thread's. */
  readonly data: unknown;
  /** Inputs shorter than this are rewritten on this thread (default 1 Mi characters). */
  readonly minChars?: number;
  /** About how much text a worker is handed at a time (default 256 Ki characters). */
  readonly pieceChars?: number;
  /** How many worker threads (default: the cores, at most 4; below 2, none). */
  readonly threads?: number;
  /** How stdin is read (tests). */
  readonly readStdin?: () => string;
}

/** One piece: whole documents of one file (or the whole file). */
interface Piece {
  readonly source: number;
  readonly text: string;
}

/** What a worker is asked: a unit of pieces to rewrite. */
interface UnitRequest {
  readonly unit: number;
  readonly pieces: readonly SourceFile[];
}

/** An object's digest, with its piece (in the unit) and its document (in the piece). */
interface PieceObject<D> {
  readonly piece: number;
  readonly document: number;
  readonly digest: D;
}

/** What a worker answers. */
type UnitReply<D> =
  | {
      readonly unit: number;
      readonly ok: true;
      readonly pieces: readonly PieceRewrite[];
      readonly objects: readonly PieceObject<D>[];
      readonly parses: { readonly calls: number; readonly chars: number };
    }
  | { readonly unit: number; readonly ok: false; readonly error: string };

const MIN_CHARS = 1 << 20;
const PIECE_CHARS = 1 << 18;

/**
 * Reads `args` and rewrites them with `job`, on worker threads when the input is big enough;
 * gives `consume` each object's digest and its document's index in its file, in order.
 * @returns the files, before and after
 * @throws SidecarError as rewritePaths
 */
export async function rewritePathsParallel<R, D>(
  args: readonly string[],
  job: RewriteJob<R, D>,
  consume: (digest: D, document: number) => void,
  options: ParallelRewrite,
): Promise<FileRewrite[]> {
  const sources = readRewriteSources(args, options.readStdin);
  let consumed = 0;
  const oneThread = (): FileRewrite[] => {
    let skip = consumed;
    return rewriteSources(sources, args, job.transform, (o) => {
      if (skip > 0) skip--;
      else consume(job.digest(o), o.object.document.index);
    });
  };
  const threads = options.threads ?? Math.min(availableParallelism(), 4);
  const chars = sources.reduce((n, s) => n + s.text.length, 0);
  if (threads < 2 || chars < (options.minChars ?? MIN_CHARS)) return oneThread();
  if (sources.some((s) => s.unreadable !== undefined)) return oneThread();
  const units = unitsOf(sources, options.pieceChars ?? PIECE_CHARS);
  if (units.length < 2) return oneThread();
  const joined = new JoinedPieces(sources);
  const whole = await runUnits<D>(
    sources,
    units,
    Math.min(threads, units.length),
    options,
    (reply) => {
      if (!reply.ok || reply.pieces.some((p) => p.failed)) return false;
      joined.add(units[reply.unit]!, reply, (d, index) => {
        consumed++;
        consume(d, index);
      });
      return true;
    },
  );
  if (!whole || joined.empty) return oneThread();
  return joined.files();
}

/** The pieces of every file, in order, grouped into units of about `size` characters. */
function unitsOf(sources: readonly SourceFile[], size: number): Piece[][] {
  const units: Piece[][] = [];
  let unit: Piece[] = [];
  let chars = 0;
  sources.forEach((s, source) => {
    for (const text of piecesAt(s.text, documentCuts(s.text, size))) {
      unit.push({ source, text });
      chars += text.length;
      if (chars >= size) {
        units.push(unit);
        unit = [];
        chars = 0;
      }
    }
  });
  if (unit.length > 0) units.push(unit);
  return units;
}

/**
 * Hands the units to `threads` workers, the next unit to the first free one, and gives the
 * replies to `take` in unit order; true when every unit was taken, false when a worker could
 * not start or died, or `take` refused a reply.
 */
function runUnits<D>(
  sources: readonly SourceFile[],
  units: readonly Piece[][],
  threads: number,
  options: ParallelRewrite,
  take: (reply: UnitReply<D>) => boolean,
): Promise<boolean> {
  return new Promise((resolve) => {
    const early = new Map<number, UnitReply<D>>();
    const workers: Worker[] = [];
    let next = 0;
    let taken = 0;
    let ended = false;
    const end = (whole: boolean): void => {
      if (ended) return;
      ended = true;
      for (const w of workers) void w.terminate();
      resolve(whole);
    };
    const send = (w: Worker): void => {
      if (next >= units.length) return;
      const unit = next++;
      const pieces = units[unit]!.map((p) => ({ path: sources[p.source]!.path, text: p.text }));
      w.postMessage({ unit, pieces } satisfies UnitRequest);
    };
    const receive = (reply: UnitReply<D>): void => {
      early.set(reply.unit, reply);
      for (let r = early.get(taken); r !== undefined && !ended; r = early.get(taken)) {
        early.delete(taken);
        taken++;
        if (!take(r)) end(false);
        else if (taken === units.length) end(true);
      }
    };
    for (let i = 0; i < threads && !ended; i++) {
      let w: Worker;
      try {
        w = startWorker(options.worker, options.data);
      } catch {
        end(false);
        return;
      }
      workers.push(w);
      w.on('message', (reply: UnitReply<D>) => {
        receive(reply);
        if (!ended) send(w);
      });
      w.on('error', () => end(false));
      w.on('exit', () => end(false));
      send(w);
    }
  });
}

/**
 * A worker thread running `module`. A .ts module (the sources, run with tsx in development and
 * tests) is imported after tsx's loader is registered in the thread: Node 20 does not give a
 * worker the main thread's `--import` hooks.
 */
function startWorker(module: URL, workerData: unknown): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** The files joined from their pieces as the units come, in order. */
class JoinedPieces {
  private readonly texts: string[][];
  private readonly documents: number[];
  /** Whether every document so far is empty. */
  empty = true;

  private readonly sources: readonly SourceFile[];

  constructor(sources: readonly SourceFile[]) {
    this.sources = sources;
    this.texts = sources.map(() => []);
    this.documents = sources.map(() => 0);
  }

  /** A unit's pieces, and its objects to `consume` with their documents' indexes in their files. */
  add<D>(
    unit: readonly Piece[],
    reply: Extract<UnitReply<D>, { ok: true }>,
    consume: (digest: D, document: number) => void,
  ): void {
    rewriteParses.calls += reply.parses.calls;
    rewriteParses.chars += reply.parses.chars;
    const bases = unit.map((p, i) => {
      const piece = reply.pieces[i]!;
      const base = this.documents[p.source]!;
      this.documents[p.source] = base + piece.documents;
      this.texts[p.source]!.push(piece.after);
      if (!piece.empty) this.empty = false;
      return base;
    });
    for (const o of reply.objects) consume(o.digest, bases[o.piece]! + o.document);
  }

  files(): FileRewrite[] {
    return this.sources.map((s, i) => {
      const after = this.texts[i]!.join('');
      return { path: s.path, before: s.text, after, changed: after !== s.text };
    });
  }
}

/**
 * The worker's side: makes the job once, then rewrites each unit it is sent and answers with
 * the pieces' texts and the objects' digests (or that it failed, for any reason).
 */
export function serveRewriteJob<R, D>(port: MessagePort, makeJob: () => RewriteJob<R, D>): void {
  let job: RewriteJob<R, D> | Error;
  try {
    job = makeJob();
  } catch (e) {
    job = e instanceof Error ? e : new Error(String(e));
  }
  port.on('message', (request: UnitRequest) => {
    port.postMessage(rewriteUnit(job, request));
  });
}

function rewriteUnit<R, D>(job: RewriteJob<R, D> | Error, request: UnitRequest): UnitReply<D> {
  const { unit } = request;
  if (job instanceof Error) return { unit, ok: false, error: job.message };
  const before = { ...rewriteParses };
  const objects: PieceObject<D>[] = [];
  try {
    const pieces = request.pieces.map((source, piece) =>
      rewritePiece(source, job.transform, (o) =>
        objects.push({ piece, document: o.object.document.index, digest: job.digest(o) }),
      ),
    );
    const parses = {
      calls: rewriteParses.calls - before.calls,
      chars: rewriteParses.chars - before.chars,
    };
    return { unit, ok: true, pieces, objects, parses };
  } catch (e) {
    return { unit, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

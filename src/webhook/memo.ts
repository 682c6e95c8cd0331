/**
 * The answers of recent reviews, by what decides them. A review's answer is a pure function of
 * the endpoint, the request's kind, operation, namespace and objects, and the server's settings
 * (review.ts, src/admission/admit.ts): everything but the `uid`. The pods of one ReplicaSet (or
 * of a non-indexed Job) reach the webhook byte for byte the same: a `generateName`, the
 * template's labels and annotations, the same owner, no name yet (the API server makes the name
 * from generateName in its store's Create, after admission:
 * staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go). A scale-up or a rollout
 * asks the same question many times; this answers it once. (A DaemonSet's pods differ by their
 * node affinity, an indexed Job's by their index: those are computed each time.)
 *
 * Two layers: by the parsed question (`answer`), and, for a question asked again, by the
 * review's bytes but for its uid (`recall`, raw-review.ts), whose answer is kept as its JSON
 * around the uid so that a repeat is answered without a parse or a serialisation; the server
 * tries the bytes first.
 *
 * Bounded by bytes (keys and answers), least recently used first out; emptied when the settings
 * change (a new cluster version under `--k8s-version auto`). Memory only: nothing is logged.
 */
import { isRecord } from '../model/record.js';
import { kept, keyOf, sameButUid, uidIsRequestUid, type UidSplit } from './raw-review.js';
import type { ReviewOutcome, ReviewSettings } from './review.js';

/** True when two settings answer alike: a change of any of these empties the memo. */
function sameSettings(a: ReviewSettings, b: ReviewSettings): boolean {
  const x = a.base;
  const y = b.base;
  const paths = x.catalogPaths ?? [];
  const others = y.catalogPaths ?? [];
  return (
    a.admit === b.admit &&
    a.validate === b.validate &&
    x.version === y.version &&
    x.catalog === y.catalog &&
    x.mode === y.mode &&
    x.migrate === y.migrate &&
    x.fieldValidation === y.fieldValidation &&
    paths.length === others.length &&
    paths.every((p, i) => p === others[i])
  );
}

/**
 * The text that decides a review's answer, or null for a body that is not a review with a uid
 * (answered without the memo: it is cheap and never repeats in a cluster).
 */
export function questionOf(endpoint: string, review: unknown): string | null {
  if (!isRecord(review) || !isRecord(review['request'])) return null;
  const req = review['request'];
  if (typeof req['uid'] !== 'string' || req['uid'] === '') return null;
  return JSON.stringify([
    endpoint,
    review['apiVersion'],
    review['kind'],
    req['kind'],
    req['operation'],
    req['namespace'],
    req['object'],
    req['oldObject'],
  ]);
}

/** The outcome answered to another uid. */
function withUid(o: ReviewOutcome, uid: string): ReviewOutcome {
  const response = o.body['response'];
  if (!isRecord(response)) return o;
  return {
    ...o,
    ...(o.subject !== undefined ? { subject: { ...o.subject, uid } } : {}),
    body: { ...o.body, response: { ...response, uid } },
  };
}

/** The bytes an outcome holds, roughly (its JSON). */
function sizeOf(o: ReviewOutcome): number {
  return JSON.stringify(o.body).length + 256;
}

/** An answer kept as its JSON around the uid: `head`, the uid as a JSON string, `tail`. */
export interface RawAnswer {
  readonly httpStatus: number;
  readonly outcome: string;
  /** The subject of the first review answered (its uid is that review's). */
  readonly subject?: Readonly<Record<string, string>>;
  readonly entries: readonly string[];
  readonly head: string;
  readonly tail: string;
}

/** The JSON of a review answered to a uid, as the server sends it. */
export function rawBody(a: RawAnswer, uid: string): string {
  return a.head + JSON.stringify(uid) + a.tail;
}

/** How every answer to a review begins, up to its uid (review.ts `response`). */
const HEAD = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":';

/** The outcome as a RawAnswer, or null when its JSON does not begin with the uid. */
function rawAnswerOf(outcome: ReviewOutcome, uid: string): RawAnswer | null {
  const json = JSON.stringify(outcome.body);
  const head = HEAD + JSON.stringify(uid);
  if (!json.startsWith(head)) return null;
  return {
    httpStatus: outcome.httpStatus,
    outcome: outcome.outcome,
    ...(outcome.subject !== undefined ? { subject: outcome.subject } : {}),
    entries: outcome.entries ?? [],
    head: HEAD,
    tail: json.slice(head.length),
  };
}

export interface ReviewMemo {
  /**
   * The outcome of `answer()` for this review, remembered for the same question. When the
   * question was remembered already (it repeats) and the review's bytes are given, the answer
   * is also remembered by those bytes but the uid, once the split is proven to be the request's
   * uid (raw-review.ts): a question asked once (every pod different) costs no more than that.
   * @param review - the review as parsed
   * @param split - the review's bytes around its uid, when it came as bytes
   */
  answer(
    endpoint: string,
    review: unknown,
    settings: ReviewSettings,
    answer: () => ReviewOutcome,
    split?: UidSplit | null,
  ): ReviewOutcome;
  /** The answer remembered for these bytes (but the uid), or undefined. */
  recall(endpoint: string, split: UidSplit, settings: ReviewSettings): RawAnswer | undefined;
  /** Questions remembered now (both layers). */
  readonly size: number;
}

/** Objects over this many bytes of JSON are answered without the memo. */
const MAX_QUESTION_BYTES = 256 * 1024;

/** A map bounded by bytes, least recently used first out. */
function lru<T>(maxBytes: number): {
  get(key: string): T | undefined;
  set(key: string, value: T, bytes: number): void;
  clear(): void;
  readonly size: number;
} {
  const entries = new Map<string, { value: T; bytes: number }>();
  let bytes = 0;
  return {
    get size() {
      return entries.size;
    },
    get(key) {
      const known = entries.get(key);
      if (known === undefined) return undefined;
      entries.delete(key);
      entries.set(key, known);
      return known.value;
    },
    set(key, value, size) {
      const old = entries.get(key);
      if (old !== undefined) bytes -= old.bytes;
      entries.delete(key);
      entries.set(key, { value, bytes: size });
      bytes += size;
      for (const [k, v] of entries) {
        if (bytes <= maxBytes) return;
        entries.delete(k);
        bytes -= v.bytes;
      }
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}

/**
 * A memo of review answers holding at most `maxBytes` of questions and answers (each layer).
 * @param maxBytes - @default 16 MiB
 */
export function reviewMemo(maxBytes = 16 * 1024 * 1024): ReviewMemo {
  const parsed = lru<ReviewOutcome>(maxBytes);
  const raw = lru<RawAnswer>(maxBytes);
  // The last answer recalled at each endpoint, compared by bytes before any key is made: a
  // ReplicaSet's pods come one after another.
  const last = new Map<string, { split: UidSplit; answer: RawAnswer }>();
  let settingsSeen: ReviewSettings | null = null;
  /** Empties both layers when the settings changed. */
  const check = (settings: ReviewSettings): void => {
    if (settingsSeen !== null && sameSettings(settings, settingsSeen)) return;
    parsed.clear();
    raw.clear();
    last.clear();
    settingsSeen = settings;
  };
  const rawKey = (endpoint: string, split: UidSplit): string => `${endpoint} ${keyOf(split)}`;
  const recalled = (endpoint: string, split: UidSplit, answer: RawAnswer): RawAnswer => {
    last.set(endpoint, { split: kept(split), answer });
    return answer;
  };
  /** Remembers an outcome by the review's bytes but the uid, once the split is proven. */
  const remember = (
    endpoint: string,
    split: UidSplit,
    uid: string,
    outcome: ReviewOutcome,
  ): void => {
    if (split.bytes.length > MAX_QUESTION_BYTES || !uidIsRequestUid(split, uid)) return;
    const answer = rawAnswerOf(outcome, split.uid);
    if (answer === null) return;
    const key = rawKey(endpoint, split);
    raw.set(key, answer, key.length + answer.tail.length + 256);
    recalled(endpoint, split, answer);
  };
  return {
    get size() {
      return parsed.size + raw.size;
    },
    answer(endpoint, review, settings, answer, split) {
      check(settings);
      const question = questionOf(endpoint, review);
      if (question === null || question.length > MAX_QUESTION_BYTES) return answer();
      const uid = (review as { request: { uid: string } }).request.uid;
      const known = parsed.get(question);
      if (known !== undefined) {
        const outcome = withUid(known, uid);
        if (split !== undefined && split !== null) remember(endpoint, split, uid, outcome);
        return outcome;
      }
      const outcome = answer();
      // Only answers to reviews: an error or a 400 is not worth keeping.
      if (outcome.httpStatus !== 200) return outcome;
      parsed.set(question, outcome, question.length + sizeOf(outcome));
      return outcome;
    },
    recall(endpoint, split, settings) {
      check(settings);
      const mru = last.get(endpoint);
      if (mru !== undefined && sameButUid(mru.split, split)) return mru.answer;
      const known = raw.get(rawKey(endpoint, split));
      return known !== undefined ? recalled(endpoint, split, known) : undefined;
    },
  };
}

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
 * Bounded by bytes (keys and answers), least recently used first out; emptied when the settings
 * change (a new cluster version under `--k8s-version auto`). Memory only: nothing is logged.
 */
import { isRecord } from '../model/record.js';
import type { ReviewOutcome, ReviewSettings } from './review.js';

/** What the memo keeps of the settings: a change of any of them empties it. */
function settingsKey(s: ReviewSettings): readonly unknown[] {
  const b = s.base;
  return [
    s.admit,
    s.validate,
    b.version,
    b.catalog,
    b.mode,
    b.migrate,
    b.fieldValidation,
    ...(b.catalogPaths ?? []),
  ];
}

function sameSettings(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
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

export interface ReviewMemo {
  /** The outcome of `answer()` for this review, remembered for the same question. */
  answer(
    endpoint: string,
    review: unknown,
    settings: ReviewSettings,
    answer: () => ReviewOutcome,
  ): ReviewOutcome;
  /** Questions remembered now. */
  readonly size: number;
}

/** Objects over this many bytes of JSON are answered without the memo. */
const MAX_QUESTION_BYTES = 256 * 1024;

/**
 * A memo of review answers holding at most `maxBytes` of questions and answers.
 * @param maxBytes - @default 16 MiB
 */
export function reviewMemo(maxBytes = 16 * 1024 * 1024): ReviewMemo {
  const entries = new Map<string, { outcome: ReviewOutcome; bytes: number }>();
  let bytes = 0;
  let settingsSeen: readonly unknown[] = [];
  const evict = (): void => {
    for (const [k, v] of entries) {
      if (bytes <= maxBytes) return;
      entries.delete(k);
      bytes -= v.bytes;
    }
  };
  return {
    get size() {
      return entries.size;
    },
    answer(endpoint, review, settings, answer) {
      const now = settingsKey(settings);
      if (!sameSettings(now, settingsSeen)) {
        entries.clear();
        bytes = 0;
        settingsSeen = now;
      }
      const question = questionOf(endpoint, review);
      if (question === null || question.length > MAX_QUESTION_BYTES) return answer();
      const uid = (review as { request: { uid: string } }).request.uid;
      const known = entries.get(question);
      if (known !== undefined) {
        entries.delete(question);
        entries.set(question, known);
        return withUid(known.outcome, uid);
      }
      const outcome = answer();
      // Only answers to reviews: an error or a 400 is not worth keeping.
      if (outcome.httpStatus !== 200) return outcome;
      const size = question.length + sizeOf(outcome);
      entries.set(question, { outcome, bytes: size });
      bytes += size;
      evict();
      return outcome;
    },
  };
}

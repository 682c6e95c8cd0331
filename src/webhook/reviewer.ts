/**
 * One review from its body to its answer, as both of the server's ways in call it (fastify's
 * routes and direct.ts): answered from the memo by its bytes when it can be (raw-review.ts,
 * memo.ts), else parsed by fastify's own JSON parser (its 400s for a body that is not JSON) and
 * answered by review.ts; counted in the metrics and logged in one line that never holds the
 * object. A bug of ours is a 500 `Status`, counted and logged, never a crash.
 */
import type { FastifyBodyParser } from 'fastify';
import type { Logger } from 'pino';
import { rawBody, reviewMemo } from './memo.js';
import type { WebhookMetrics } from './metrics.js';
import { splitAtUid } from './raw-review.js';
import { answerReview, type ReviewEndpoint, type ReviewSettings } from './review.js';

export interface ReviewerOptions {
  /** fastify's JSON parser, with its defaults (a body with __proto__ is refused). */
  readonly parseJson: FastifyBodyParser<string>;
  readonly settings: () => ReviewSettings;
  readonly logger: Logger;
  readonly metrics: WebhookMetrics;
}

/** A Kubernetes `Status` body (meta/v1) for an HTTP error. */
export function statusBody(code: number, reason: string, message: string): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason,
    code,
    message,
  };
}

/** What a review came to, as the route counts, logs and sends it. */
interface Answered {
  readonly httpStatus: number;
  readonly outcome: string;
  readonly entries: readonly string[];
  readonly subject: Readonly<Record<string, string>> | undefined;
  /** The body: an object, or the JSON itself. */
  readonly body: Record<string, unknown> | string;
}

/** A review's HTTP status and JSON, or the error fastify answers for a body that is not JSON. */
export type ReviewReply = { readonly status: number; readonly json: string } | Error;

/** The review as fastify's JSON parser reads it, or the error fastify answers (a 400). */
function parseBody(
  parseJson: FastifyBodyParser<string>,
  body: unknown,
): { review: unknown } | { error: Error } {
  if (!Buffer.isBuffer(body)) return { review: body };
  let out: { review: unknown } | { error: Error } = { error: new Error('unparsed') };
  // fastify's JSON parser answers at once (it is synchronous).
  void parseJson(null as never, body.toString('utf8'), (err, review) => {
    out = err !== null ? { error: err } : { review };
  });
  return out;
}

/** Answers, counts and logs one review at an endpoint: fastify's routes and direct.ts call it. */
export function reviewer(
  o: ReviewerOptions,
): (endpoint: ReviewEndpoint, body: unknown) => ReviewReply {
  const memo = reviewMemo();
  const { parseJson, metrics } = o;
  /** The answer to a review, or the error fastify answers for a body that is not JSON. */
  const answerOf = (
    endpoint: ReviewEndpoint,
    body: unknown,
    settings: ReviewSettings,
  ): Answered | Error => {
    const bytes = Buffer.isBuffer(body) ? body : undefined;
    const split = bytes !== undefined ? splitAtUid(bytes) : null;
    const known = split !== null ? memo.recall(endpoint, split, settings) : undefined;
    if (known !== undefined)
      return {
        ...known,
        subject: known.subject !== undefined ? { ...known.subject, uid: split!.uid } : undefined,
        body: rawBody(known, split!.uid),
      };
    const parsed = parseBody(parseJson, body);
    if ('error' in parsed) return parsed.error;
    const review = parsed.review;
    const r = memo.answer(
      endpoint,
      review,
      settings,
      () => answerReview(endpoint, review, settings),
      split,
    );
    return { ...r, entries: r.entries ?? [], subject: r.subject };
  };
  return (endpoint, body) => {
    const started = performance.now();
    let a: Answered;
    try {
      const got = answerOf(endpoint, body, o.settings());
      // Not JSON: fastify's 400, not counted, as when fastify parsed bodies before the route.
      if (got instanceof Error) return got;
      a = got;
      o.logger.info({ endpoint, outcome: a.outcome, ...a.subject }, 'review');
    } catch (e) {
      // A bug of ours must not fail the API server's request: answer, log, count.
      o.logger.error({ endpoint, err: (e as Error).message }, 'review failed');
      a = {
        httpStatus: 500,
        outcome: 'error',
        entries: [],
        subject: undefined,
        body: statusBody(500, 'InternalError', 'sidecarctl could not review'),
      };
    }
    metrics.count(endpoint, a.outcome, a.entries);
    metrics.observe(endpoint, (performance.now() - started) / 1000);
    return {
      status: a.httpStatus,
      json: typeof a.body === 'string' ? a.body : JSON.stringify(a.body),
    };
  };
}

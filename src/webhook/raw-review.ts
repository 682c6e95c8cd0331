/**
 * A review's bytes around its request's `uid`, so that the memo (memo.ts) can answer the same
 * question again without parsing it: the pods of one ReplicaSet reach the webhook as the same
 * bytes but for the uid, and a parse, a key and a serialisation cost most of a cached answer.
 *
 * The uid's string is found by the first `"uid"` key in the bytes (kube-apiserver writes the
 * request's uid first: k8s.io/api/admission/v1/types.go, AdmissionRequest). That guess is only
 * trusted once proven: when a review is parsed in full (a miss), `uidIsRequestUid` parses it
 * again with a probe string in place of that uid and checks that the probe came out as
 * `request.uid` in place of the uid parsed: that string is the request's uid and nothing else.
 * Two reviews with the same bytes before that string and the same bytes after it then parse to
 * the same value but for `request.uid`, whatever the bytes are (key order, whitespace, escapes):
 * JSON reads a string's end the same way whatever its content. The uid's content is kept to
 * printable ASCII (a UUID is) and must be a valid JSON string, so a review whose uid would not
 * parse is never answered from the memo.
 */
import { randomBytes } from 'node:crypto';
import { isRecord } from '../model/record.js';

/** A review's bytes split around the string of the (guessed) request uid. */
export interface UidSplit {
  readonly bytes: Buffer;
  /** The uid as JSON reads it. */
  readonly uid: string;
  /** Byte offsets of the uid's content (between its quotes). */
  readonly start: number;
  readonly end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const UID_KEY = Buffer.from('"uid"');

const isSpace = (b: number | undefined): boolean =>
  b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** The offset of the first byte after `from` that is not JSON whitespace. */
function skipSpace(bytes: Buffer, from: number): number {
  let i = from;
  while (isSpace(bytes[i])) i++;
  return i;
}

/**
 * The offset of the closing quote of a string whose content starts at `start` and whether it
 * holds an escape, or null for a byte the cheap reading does not take (control, non-ASCII).
 */
function stringEnd(bytes: Buffer, start: number): { end: number; escaped: boolean } | null {
  let escaped = false;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e) return null;
    if (b === QUOTE) return { end: i, escaped };
    if (b === BACKSLASH) {
      escaped = true;
      i++;
    }
  }
  return null;
}

/** The content between quotes as JSON reads it, or null when it is not a valid JSON string. */
function readString(bytes: Buffer, start: number, end: number, escaped: boolean): string | null {
  // Printable ASCII without an escape reads as itself.
  if (!escaped) return bytes.toString('latin1', start, end);
  try {
    const v: unknown = JSON.parse(bytes.toString('latin1', start - 1, end + 1));
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/**
 * The bytes split around the first `"uid": "..."` string, or null when there is none that the
 * cheap reading is sure of (not a string, a control or non-ASCII byte, an invalid escape).
 */
export function splitAtUid(bytes: Buffer): UidSplit | null {
  const at = bytes.indexOf(UID_KEY);
  if (at < 0) return null;
  const colon = skipSpace(bytes, at + UID_KEY.length);
  if (bytes[colon] !== 0x3a) return null;
  const open = skipSpace(bytes, colon + 1);
  if (bytes[open] !== QUOTE) return null;
  const start = open + 1;
  const string = stringEnd(bytes, start);
  if (string === null) return null;
  const end = string.end;
  const uid = readString(bytes, start, end, string.escaped);
  if (uid === null) return null;
  return { bytes, uid, start, end };
}

/** Everything but the uid's content, as a string: where it starts, the bytes before and after. */
export function keyOf(s: UidSplit): string {
  const b = s.bytes;
  return `${String(s.start)}:${b.toString('latin1', 0, s.start)}${b.toString('latin1', s.end)}`;
}

/** True when two splits have the same bytes before and after the uid (keyOf would be equal). */
export function sameButUid(a: UidSplit, b: UidSplit): boolean {
  return (
    a.start === b.start &&
    a.bytes.length - a.end === b.bytes.length - b.end &&
    a.bytes.compare(b.bytes, 0, b.start, 0, a.start) === 0 &&
    a.bytes.compare(b.bytes, b.end, b.bytes.length, a.end, a.bytes.length) === 0
  );
}

/** The split over a copy of its bytes (a request's buffer may be reused). */
export function kept(s: UidSplit): UidSplit {
  return { ...s, bytes: Buffer.from(s.bytes) };
}

/** A string no review holds: it stands in for the uid when checking where the uid is. */
const PROBE = `sidecarctl-uid-probe-${randomBytes(12).toString('hex')}`;

/**
 * True when the split's string is the review's `request.uid`: the one JSON keeps when a key is
 * repeated, so that changing that string changes `request.uid` and nothing else.
 * @param requestUid - `request.uid` of the review as parsed in full
 */
export function uidIsRequestUid(split: UidSplit, requestUid: unknown): boolean {
  if (requestUid !== split.uid || split.uid === PROBE) return false;
  const bytes = split.bytes;
  const probe = Buffer.concat([
    bytes.subarray(0, split.start),
    Buffer.from(PROBE, 'latin1'),
    bytes.subarray(split.end),
  ]);
  try {
    const review: unknown = JSON.parse(probe.toString('utf8'));
    return isRecord(review) && isRecord(review['request']) && review['request']['uid'] === PROBE;
  } catch {
    return false;
  }
}

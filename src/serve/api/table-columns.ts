/**
 * The pieces every server-side Table shares: the column definition (meta/v1 TableColumnDefinition,
 * every field present as Go writes it) and AGE strings (printers.go translateTimestampSince:
 * `<unknown>` for a zero time, else duration.HumanDuration of the time since).
 */
import { humanDuration } from '../../timeline/pod-row.js';

/** meta/v1 TableColumnDefinition. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  readonly priority: number;
}

/** A cell: strings, and numbers where the Go printer puts an int64. */
export type TableCell = string | number;

/** A column definition with the defaults (format '', priority 0). */
export function column(
  name: string,
  description: string,
  extra: Partial<ColumnDefinition> = {},
): ColumnDefinition {
  return { name, type: 'string', format: '', description, priority: 0, ...extra };
}

/** The Name column every printer starts with. */
export const NAME_COLUMN = column('Name', 'Name must be unique within a namespace.', {
  format: 'name',
});

/** The Age column. */
export const AGE_COLUMN = column(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);

/** translateTimestampSince: the age of an RFC 3339 time at `now`. */
export function sinceOrUnknown(timestamp: string | undefined, now: Date): string {
  const t = Date.parse(timestamp ?? '');
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration((now.getTime() - t) / 1000);
}

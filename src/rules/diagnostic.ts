/** What validate reports. The JSON shape is a contract (docs/contracts.md). */
export type Category = 'syntax' | 'api' | 'compat' | 'lifecycle' | 'practice';
export type Severity = 'error' | 'warning' | 'info';

/** A finding of a rule, before it is placed in a file. */
export interface Finding {
  readonly category: Category;
  /** The stable rule id (see `sidecarctl validate --list-rules`). */
  readonly rule: string;
  readonly severity: Severity;
  /**
   * The Kubernetes field path from the object's root, exactly as the API server words it
   * (`spec.template.spec.initContainers[0].restartPolicy`).
   */
  readonly field: string;
  /** For `api`: the API server's error body (`Forbidden: may not be set ...`). */
  readonly message: string;
}

/** A finding placed at its file position. */
export interface Diagnostic extends Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

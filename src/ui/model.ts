/**
 * The timeline page's data: one panel a pod. `simulate -o html` and `run -o html` embed the panels
 * in a static page; `serve`'s `/ui` sends the same panels over server-sent events as the pods
 * change. The page (src/ui/page.ts) draws nothing of its own: the lanes are the existing SVG
 * renderer's, so a live pod, a run and a simulation look alike.
 */

/** One row of `kubectl get events` for the pod (or, for a simulation, one engine event). */
export interface UiEventRow {
  /** Seconds since the pod was created (a simulation's virtual clock, or a real pod's). */
  readonly t: number;
  /** `Normal` or `Warning`. */
  readonly type: string;
  readonly reason: string;
  /** kubectl's OBJECT column: `pod/NAME`, or the container's field path where there is one. */
  readonly object: string;
  readonly message: string;
  /** How many times the event was seen (kubectl's count), 1 at least. */
  readonly count: number;
}

/** A container of the pod, with a link to its logs where the page has one. */
export interface UiContainer {
  readonly name: string;
  /** `init`, `sidecar`, `app` (as the lanes name them). */
  readonly kind: string;
  /** Where the page links for this container's logs, following (live pages only). */
  readonly logsHref?: string;
}

/** A pod's panel: the kubectl row along the top, the lanes, the events. */
export interface UiPodPanel {
  /** `namespace/name`: the panel's identity in the page and in the event stream. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** The version the lanes were drawn for (a comparison has one panel per version). */
  readonly k8sVersion: string;
  /** kubectl get pods' columns after NAME. */
  readonly row: {
    readonly ready: string;
    readonly status: string;
    readonly restarts: string;
    readonly age: string;
  };
  readonly phase: string;
  /** The pod's conditions in kubectl's order (PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled). */
  readonly conditions: readonly { readonly type: string; readonly status: string }[];
  readonly containers: readonly UiContainer[];
  /** The lanes: `renderSvg` of the pod's view. */
  readonly lanesSvg: string;
  readonly events: readonly UiEventRow[];
  /**
   * The moment the panel shows, in seconds since the pod was created: events' LAST SEEN is
   * counted back from it. Absent: the latest event's time.
   */
  readonly now?: number;
}

/** A whole page. */
export interface UiPage {
  readonly title: string;
  /** `static`: the panels are all there is; `live`: the page follows `eventsUrl`. */
  readonly mode: 'static' | 'live';
  readonly panels: readonly UiPodPanel[];
  /** A version comparison: the panels sit side by side under this headline (the first difference). */
  readonly compareHeadline?: string;
  /** Live pages: the server-sent events URL (same origin). */
  readonly eventsUrl?: string;
}

/**
 * The live event stream (`text/event-stream`, same origin, the cookie authenticates it):
 * - `event: panel` with a `UiPodPanel` as data: a pod appeared or changed (replace by `key`);
 * - `event: gone` with `{"key": "ns/name"}`: the pod was deleted from the API (the page keeps
 *   its last panel on screen, marked deleted, until a `panel` of that key or a `reset` that does
 *   not list it);
 * - `event: reset` with a `UiPodPanel[]`: every panel (sent first, and after the server lost track).
 */
export type UiStreamMessage =
  | { readonly event: 'panel'; readonly data: UiPodPanel }
  | { readonly event: 'gone'; readonly data: { readonly key: string } }
  | { readonly event: 'reset'; readonly data: readonly UiPodPanel[] };

/**
 * `run`'s live output: container lines, event lines and the --events stream, written as the pods
 * run (the final status and documents are printed by the command).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { eventToJsonLine, type PodEvent } from '../lifecycle/events.js';
import type { ViewFormat } from '../ui/render.js';
import { eventCells } from '../timeline/render-text.js';

const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93];

/**
 * Where a run's streams go: container lines and event lines to stdout in text (to stderr when
 * --events - takes stdout), nothing of them when stdout holds a document (-o json|svg|html);
 * the events also to the --events file. Colours only on a terminal without NO_COLOR.
 */
export class RunStreams {
  readonly lineOut: NodeJS.WriteStream;
  private readonly quiet: boolean;
  private readonly eventsToStdout: boolean;
  private readonly tty: boolean;
  private readonly colourOf = new Map<string, number>();
  private readonly events: string | undefined;
  private readonly several: boolean;
  private eventsFile: WriteStream | null = null;
  /** The network note, held until a pod starts (a run refused before that prints none). */
  private note: string | null = null;

  /**
   * @param events - the --events value
   * @param several - the run has several pods: labels then name the pod too
   */
  constructor(events: string | undefined, format: ViewFormat, several: boolean) {
    this.events = events;
    this.several = several;
    this.quiet = format !== 'text';
    this.eventsToStdout = events === '-';
    this.lineOut = this.eventsToStdout ? process.stderr : process.stdout;
    this.tty = this.lineOut.isTTY === true && process.env['NO_COLOR'] === undefined;
  }

  /** Once the pods are placed: the network note (printed when a pod starts), the --events file. */
  open(ownNetwork: readonly string[]): void {
    if (ownNetwork.length > 0 && !this.quiet) {
      // reference/local-runtime.md §1.5: an isolated pod network has only its own loopback.
      this.note =
        "sidecarctl: note: each pod has its own network namespace: containers share its localhost, but cannot reach the host's services or the internet (use hostNetwork: true for that; --publish to reach a pod from the host)\n";
    }
    if (this.events !== undefined && !this.eventsToStdout)
      this.eventsFile = createWriteStream(this.events);
  }

  event(e: PodEvent): void {
    if (this.note !== null) {
      process.stderr.write(this.note);
      this.note = null;
    }
    if (this.eventsToStdout) process.stdout.write(eventToJsonLine(e) + '\n');
    this.eventsFile?.write(eventToJsonLine(e) + '\n');
    if (this.quiet || this.eventsToStdout) return;
    const [c, type, detail] = eventCells(e);
    const who = c === '(pod)' ? (this.several ? e.pod : '(pod)') : this.label(e.pod, c);
    const text = `${e.t.toFixed(3).padStart(8)}s  ${who}  ${type} ${detail}`;
    this.lineOut.write(this.tty ? `\x1b[2m${text}\x1b[0m\n` : `${text}\n`);
  }

  line(pod: string, container: string, line: string): void {
    if (!this.quiet) this.lineOut.write(`${this.label(pod, container)} | ${line}\n`);
  }

  close(): Promise<void> {
    return new Promise<void>((r) => (this.eventsFile === null ? r() : this.eventsFile.end(r)));
  }

  private label(pod: string, container: string): string {
    const key = `${pod}/${container}`;
    if (!this.colourOf.has(key))
      this.colourOf.set(key, COLOURS[this.colourOf.size % COLOURS.length]!);
    const text = this.several ? `${pod.split('/')[1] ?? pod}/${container}` : container;
    return this.tty ? `\x1b[${String(this.colourOf.get(key)!)}m${text}\x1b[0m` : text;
  }
}

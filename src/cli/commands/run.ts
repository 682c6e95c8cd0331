import { createWriteStream, type WriteStream } from 'node:fs';
import { Option, type Command } from 'commander';
import { SidecarError } from '../../errors.js';
import { eventToJsonLine, type PodEvent } from '../../lifecycle/events.js';
import { loadInputs } from '../../manifest/load.js';
import { podTemplateOf, type PodTemplate } from '../../manifest/pod-templates.js';
import { isRecord } from '../../manifest/objects.js';
import { parseImageMap } from '../../runtime/command.js';
import { collectConfigSources } from '../../runtime/config-sources.js';
import { PodRunner, type PublishedPort, type RunPodResult } from '../../runtime/pod-runner.js';
import { detectCapabilities } from '../../runtime/isolation/host.js';
import { chooseIsolation, type IsolationFlag } from '../../runtime/requirements.js';
import { stateDirectory } from '../../runtime/state-dir.js';
import { classifyContainers } from '../../model/containers.js';
import { formatPodRows, podRow } from '../../timeline/pod-row.js';
import { eventCells } from '../../timeline/render-text.js';
import { parseDuration } from '../../model/duration.js';
import {
  action,
  addCommonOptions,
  collect,
  versionOf,
  writeOut,
  type CommonOptions,
} from '../common.js';

interface RunOptions extends CommonOptions {
  pod?: string;
  deleteAfter?: string;
  gracePeriod?: string;
  stateDir?: string;
  isolation?: IsolationFlag;
  events?: string;
  publish?: string[];
  image?: string[];
}

const HELP = `Run every pod (or pod template) of the input on this machine, each container as a
host process, with the kubelet's lifecycle (the same engine as \`simulate\`): init
containers in order, native sidecars, probes and hooks for real, restarts with
back-off, Job completion, ordered termination.

A container runs its command/args (Kubernetes rules, $(VAR) expansion); one without
command needs --image IMAGE=ENTRYPOINT. Isolation (--isolation, default auto): each pod
gets its own network namespace (containers share localhost; the host reaches a port
only through --publish), each container its own mount and PID namespaces with its
volumes at their mountPath; as root or as an ordinary user (user namespaces).

Output: text prints "container | line" and the status changes; -o json prints
{"events":[...],"status":{PodStatus}} at the end ({"pods":[...]} for several pods).
--events FILE|- writes the JSON Lines event stream as it happens (- : to stdout, the
container lines then go to stderr). Logs are kept under the state directory
(sidecarctl logs POD -c CONTAINER).

Ctrl-C or SIGTERM deletes the pods gracefully; a second Ctrl-C kills them at once.

Exit status: 0 every pod Succeeded or was deleted as asked, 1 a pod Failed,
2 bad usage, unreadable input, or a pod this machine cannot run.`;

const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93];

function usage(message: string): SidecarError {
  return new SidecarError('SIDECAR_E_USAGE', message);
}

function parsePublish(values: readonly string[]): PublishedPort[] {
  return values.map((v) => {
    const m = /^(\d+):(\d+)$/.exec(v.trim());
    const host = m === null ? NaN : Number(m[1]);
    const cont = m === null ? NaN : Number(m[2]);
    if (!(host > 0 && host < 65536 && cont > 0 && cont < 65536)) {
      throw usage(`--publish: invalid value "${v}": expected HOSTPORT:CONTAINERPORT, e.g. 8080:80`);
    }
    return { hostPort: host, containerPort: cont };
  });
}

function templateNames(t: PodTemplate): string[] {
  const md = t.podMetadata['name'];
  return typeof md === 'string' && md !== '' ? [t.object.name, md] : [t.object.name];
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .summary('run pods locally as host processes with the kubelet lifecycle, in real namespaces')
    .description(HELP)
    .argument('[paths...]', 'files, folders, or - for stdin')
    .option('--pod <name>', 'run only this pod or workload of the input')
    .option('--delete-after <duration>', 'delete the pods after this long (e.g. 30s, 2m)')
    .option('--grace-period <seconds>', "grace period of the deletes (default: the pod's)")
    .option('--state-dir <dir>', 'where logs and volumes go (default $XDG_STATE_HOME/sidecarctl)')
    .addOption(
      new Option('--isolation <mode>', 'pod boundary')
        .choices(['auto', 'pod', 'process'])
        .default('auto'),
    )
    .option('--events <file|->', 'write the JSON Lines event stream to a file, or - for stdout')
    .option(
      '--publish <hostPort:containerPort>',
      'make a container port reachable on 127.0.0.1 (repeatable)',
      collect,
    )
    .option(
      '--image <image=entrypoint>',
      'run this host command for containers of this image without command (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    );
  addCommonOptions(cmd, ['text', 'json'], 'text');
  cmd.action(
    action(async (paths: string[], opts: RunOptions) => {
      // The one-time namespace probe (~10-30 ms) runs while the input is read and checked.
      const capsProbe = detectCapabilities();
      const version = versionOf(opts);
      const images = parseImageMap(opts.image ?? []);
      const publish = parsePublish(opts.publish ?? []);
      let deleteAfter: number | undefined;
      if (opts.deleteAfter !== undefined) {
        const d = parseDuration(opts.deleteAfter);
        if (d === null)
          throw usage(
            `invalid --delete-after "${opts.deleteAfter}": expected a duration such as 30s, 2m or 1500ms`,
          );
        deleteAfter = d;
      }
      let grace: number | undefined;
      if (opts.gracePeriod !== undefined) {
        const g = Number(opts.gracePeriod);
        if (!Number.isInteger(g) || g < 0)
          throw usage(`invalid --grace-period "${opts.gracePeriod}": expected whole seconds >= 0`);
        grace = g;
      }
      const input = loadInputs(paths.length > 0 ? paths : ['-']);
      const bad = input.documents.find((d) => d.error !== undefined);
      if (bad?.error !== undefined) {
        throw new SidecarError('SIDECAR_E_PARSE', bad.error.message, {
          file: bad.file,
          line: bad.error.line,
          column: bad.error.column,
        });
      }
      let templates = input.objects.map(podTemplateOf).filter((t): t is PodTemplate => t !== null);
      if (templates.length === 0)
        throw new SidecarError(
          'SIDECAR_E_NO_POD',
          'the input holds no pod or pod template (Pod, Deployment, Job, ...)',
        );
      if (opts.pod !== undefined) {
        const list = templates.map((t) => `${t.object.kind}/${t.object.name}`).join(', ');
        templates = templates.filter((t) => templateNames(t).includes(opts.pod!));
        if (templates.length === 0)
          throw new SidecarError(
            'SIDECAR_E_NO_POD',
            `no pod or workload named "${opts.pod}" in the input (it has: ${list})`,
          );
        templates = templates.slice(0, 1);
      }
      if (publish.length > 0 && templates.length > 1)
        throw usage('--publish needs one pod: choose it with --pod');

      const caps = await capsProbe;
      const placed = templates.map((t) => {
        const md = t.podMetadata['name'];
        const name = typeof md === 'string' && md !== '' ? md : t.object.name;
        return {
          name: `${t.object.namespace || 'default'}/${name}`,
          spec: isRecord(t.spec) ? t.spec : {},
        };
      });
      const modes = chooseIsolation(opts.isolation ?? 'auto', caps, placed);
      const isolated = placed.filter(
        (p) => modes.get(p.name) === 'pod' && p.spec['hostNetwork'] !== true,
      );
      if (isolated.length > 0 && opts.output !== 'json') {
        // reference/local-runtime.md §1.5: an isolated pod network has only its own loopback.
        process.stderr.write(
          "sidecarctl: note: each pod has its own network namespace: containers share its localhost, but cannot reach the host's services or the internet (use hostNetwork: true for that; --publish to reach a pod from the host)\n",
        );
      }

      const json = opts.output === 'json';
      const eventsToStdout = opts.events === '-';
      const lineOut = eventsToStdout ? process.stderr : process.stdout;
      const tty = lineOut.isTTY === true && process.env['NO_COLOR'] === undefined;
      let eventsFile: WriteStream | null = null;
      if (opts.events !== undefined && !eventsToStdout) eventsFile = createWriteStream(opts.events);
      const several = templates.length > 1;
      const sources = collectConfigSources(input.objects);
      const stateDir = stateDirectory(opts.stateDir);
      const colourOf = new Map<string, number>();
      const label = (pod: string, container: string): string => {
        const key = `${pod}/${container}`;
        if (!colourOf.has(key)) colourOf.set(key, COLOURS[colourOf.size % COLOURS.length]!);
        const text = several ? `${pod.split('/')[1] ?? pod}/${container}` : container;
        return tty ? `\x1b[${String(colourOf.get(key)!)}m${text}\x1b[0m` : text;
      };

      const runners: PodRunner[] = [];
      try {
        for (let i = 0; i < templates.length; i++) {
          const pod = placed[i]!.name;
          runners.push(
            PodRunner.prepare({
              template: templates[i]!,
              version,
              sources,
              images,
              stateDir,
              isolation: modes.get(pod) ?? 'process',
              caps,
              publish,
              onWarning: (w) => process.stderr.write(`sidecarctl: warning: ${w}\n`),
              onEvent: (e: PodEvent) => {
                if (eventsToStdout) process.stdout.write(eventToJsonLine(e) + '\n');
                eventsFile?.write(eventToJsonLine(e) + '\n');
                if (!json && !eventsToStdout) {
                  const [c, type, detail] = eventCells(e);
                  const who = c === '(pod)' ? (several ? e.pod : '(pod)') : label(e.pod, c);
                  const text = `${e.t.toFixed(3).padStart(8)}s  ${who}  ${type} ${detail}`;
                  lineOut.write(tty ? `\x1b[2m${text}\x1b[0m\n` : `${text}\n`);
                }
              },
              onLine: (container, line) => {
                if (!json) lineOut.write(`${label(pod, container)} | ${line}\n`);
              },
            }),
          );
        }
      } catch (e) {
        // Nothing has started: only the volumes already made are to be removed.
        for (const r of runners) r.discard();
        throw e;
      }

      let interrupts = 0;
      const onSignal = (): void => {
        interrupts++;
        if (interrupts === 1) {
          process.stderr.write('sidecarctl: run: deleting (Ctrl-C again to kill at once)\n');
          for (const r of runners) r.delete(grace);
        } else {
          for (const r of runners) r.killNow();
        }
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const timer =
        deleteAfter === undefined
          ? null
          : setTimeout(() => runners.forEach((r) => r.delete(grace)), deleteAfter * 1000);
      let results: RunPodResult[];
      const runs = runners.map((r) => r.run());
      try {
        results = await Promise.all(runs);
      } catch (e) {
        // One pod could not run (its sandbox failed): the others are stopped, not left behind.
        for (const r of runners) r.killNow();
        await Promise.allSettled(runs);
        throw e;
      } finally {
        if (timer !== null) clearTimeout(timer);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await new Promise<void>((r) => (eventsFile === null ? r() : eventsFile.end(r)));
      }
      if (json) {
        const body = several
          ? { pods: results.map((r) => ({ name: r.pod, events: r.events, status: r.status })) }
          : { events: results[0]!.events, status: results[0]!.status };
        await writeOut(JSON.stringify(body, null, 2) + '\n');
      } else if (!eventsToStdout) {
        // The final status as `kubectl get pods` shows it.
        const rows = results.map((r, i) => {
          const kinds = classifyContainers(templates[i]!.spec, version);
          const last = r.events[r.events.length - 1];
          return podRow({
            name: r.pod.slice(r.pod.indexOf('/') + 1),
            status: r.status,
            sidecars: new Set(kinds.filter((c) => c.kind === 'sidecar').map((c) => c.name)),
            initContainerCount: kinds.filter((c) => c.kind === 'init' || c.kind === 'sidecar')
              .length,
            containerCount: kinds.filter((c) => c.kind === 'regular').length,
            events: r.events,
            now: last?.t ?? 0,
          });
        });
        lineOut.write(`\n${formatPodRows(rows)}\n`);
      }
      let code = 0;
      for (const r of results) {
        if (r.status.phase === 'Succeeded' || r.deletedAsAsked) continue;
        if (r.status.phase === 'Failed') {
          code = 1;
          process.stderr.write(
            `sidecarctl: run: pod ${r.pod} Failed${r.status.reason !== undefined ? ` (${r.status.reason})` : ''}\n`,
          );
        }
      }
      return code;
    }),
  );
}

import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import { packageVersion } from '../../package-version.js';
import { DEFAULT_VERSION, SUPPORTED_VERSIONS } from '../../model/versions.js';
import { action, writeOut } from '../common.js';

interface VersionOptions {
  output?: 'json' | 'yaml';
  client?: boolean;
}

/** The client version, as `kubectl version --client -o json` shapes it. */
export function versionInfo(): {
  clientVersion: {
    gitVersion: string;
    platform: string;
    goVersion: string;
    supportedKubernetes: readonly string[];
    defaultKubernetes: string;
  };
} {
  return {
    clientVersion: {
      gitVersion: `v${packageVersion()}`,
      platform: `${process.platform}/${process.arch}`,
      // kubectl names its Go; sidecarctl names its Node.js.
      goVersion: `node${process.versions.node}`,
      supportedKubernetes: SUPPORTED_VERSIONS,
      defaultKubernetes: DEFAULT_VERSION,
    },
  };
}

/** `sidecarctl version [--client] [-o json|yaml]`, as `kubectl version --client`. */
export function registerVersion(program: Command): void {
  program
    .command('version')
    .summary('print the client version (there is no server)')
    .description(
      'Print the version of sidecarctl, as kubectl version --client does: text by\n' +
        'default, or -o json|yaml (clientVersion: gitVersion, platform, the Kubernetes\n' +
        'versions modelled).',
    )
    .option('--client', 'client version only (always: there is no server)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['json', 'yaml']))
    .action(
      action(async (opts: VersionOptions) => {
        const info = versionInfo();
        if (opts.output === 'json') await writeOut(JSON.stringify(info, null, 2) + '\n');
        else if (opts.output === 'yaml') await writeOut(stringify(info));
        else await writeOut(`Client Version: ${info.clientVersion.gitVersion}\n`);
        return 0;
      }),
    );
}

// Injected into the CommonJS bundle of the CLI (dist/cli/cli.cjs, scripts/bundle-cli.mjs):
// `import.meta.url` there is the bundle's own URL, as it is in the ES module build (esbuild
// leaves import.meta empty in CommonJS output). __filename is the bundle's (CommonJS wrapper).
/* global __filename */
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;

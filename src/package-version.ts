import { existsSync, readFileSync } from 'node:fs';

/**
 * The package version, from the nearest package.json above this module (src/, dist/ or the
 * bundled CLI in dist/cli/ all find the project's own).
 */
export function packageVersion(): string {
  let dir = new URL('./', import.meta.url);
  for (let i = 0; i < 6; i++) {
    const candidate = new URL('package.json', dir);
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'sidecarctl' && typeof pkg.version === 'string') return pkg.version;
    }
    dir = new URL('../', dir);
  }
  return '0.0.0';
}

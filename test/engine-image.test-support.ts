/**
 * The image the container-engine tests run (no registry is reachable on the test machines):
 * built once with `podman import` from Debian's busybox-static (every applet linked in /bin) and
 * perl-base with the libraries it needs (a Unix-socket server and client), tagged
 * localhost/sidecarctl-test-busybox:1. `engineOrSkip` says why the tests cannot run instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../src/runtime/engine/open.js';
import type { ContainerEngine, EngineName } from '../src/runtime/engine/types.js';

export const TEST_IMAGE = 'localhost/sidecarctl-test-busybox:1';

const BUILD = `
set -eu
root=$1
mkdir -p "$root/bin" "$root/tmp" "$root/etc"
cp /bin/busybox "$root/bin/busybox"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"; done
chmod 1777 "$root/tmp"
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
if command -v dpkg >/dev/null && dpkg -L perl-base >/dev/null 2>&1; then
  dpkg -L perl-base libc6 libcrypt1 2>/dev/null | grep -v '^/usr/share' | while read -r f; do
    [ -f "$f" ] && printf '%s\\n' "\${f#/}"
  done > "$root.list"
  tar -C / -chf - -T "$root.list" | tar -C "$root" -xf -
fi
tar -C "$root" -cf "$root.tar" .
`;

function podmanImageReady(engine: ContainerEngine): boolean {
  const [bin, ...pre] = engine.cli;
  const has = spawnSync(bin!, [...pre, 'image', 'exists', TEST_IMAGE]);
  if (has.status === 0) return true;
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-image-'));
  try {
    const root = join(dir, 'root');
    const b = spawnSync('/bin/sh', ['-c', BUILD, 'build', root], { encoding: 'utf8' });
    if (b.status !== 0) return false;
    const imp = spawnSync(
      bin!,
      [...pre, 'import', '--change', 'CMD ["/bin/sh"]', `${root}.tar`, TEST_IMAGE],
      { encoding: 'utf8' },
    );
    return imp.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface EngineUnderTest {
  readonly engine: ContainerEngine | null;
  /** Why the tests are skipped, or false. */
  readonly skip: string | false;
}

/** The engine with the test image built, or why its tests skip. */
export async function engineOrSkip(name: EngineName): Promise<EngineUnderTest> {
  if (process.getuid?.() !== 0)
    return {
      engine: null,
      skip: `${name} tests run as root only (rootless engines are not set up here)`,
    };
  if (name === 'podman' && !existsSync('/bin/busybox'))
    return {
      engine: null,
      skip: 'busybox-static is not installed (apt-get install busybox-static)',
    };
  let engine: ContainerEngine;
  try {
    engine = await openEngine(name);
  } catch (e) {
    return { engine: null, skip: e instanceof Error ? e.message : String(e) };
  }
  if (name === 'podman' && !podmanImageReady(engine))
    return { engine: null, skip: `cannot build ${TEST_IMAGE} with podman import` };
  return { engine, skip: false };
}

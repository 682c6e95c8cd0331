import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, runCli } from './cli-helper.js';

describe('shell completion (CLI)', () => {
  it('when __complete is asked then it answers in cobra protocol: commands, then flags, then files', () => {
    assert.equal(runCli(['__complete', 'va']).stdout, 'validate\n:4\n');
    assert.equal(runCli(['__complete', 'validate', '--fail']).stdout, '--fail-on\n:4\n');
    assert.equal(runCli(['__complete', 'validate', 'examples/']).stdout, ':0\n');
    const plugin = runCli(['__complete', 'lo'], {
      bin: join(ROOT, 'bin', 'kubectl_complete-sidecar'),
    });
    assert.equal(plugin.stdout, 'logs\n:4\n');
  });

  it('when the bash script is sourced then TAB completes command names and flags', () => {
    const script = runCli(['completion', 'bash']).stdout;
    const r = spawnSync(
      'bash',
      [
        '-c',
        `${script}\nCOMP_WORDS=(sidecarctl sim); COMP_CWORD=1; _sidecarctl; echo "\${COMPREPLY[*]}"\n` +
          `COMP_WORDS=(sidecarctl run --dele); COMP_CWORD=2; _sidecarctl; echo "\${COMPREPLY[*]}"`,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${join(ROOT, 'bin')}:${process.env['PATH'] ?? ''}` },
      },
    );
    assert.equal(r.stdout, 'simulate\n--delete-after\n', r.stderr);
    for (const shell of ['zsh', 'fish']) {
      const s = runCli(['completion', shell]);
      assert.equal(s.code, 0);
      assert.match(s.stdout, /sidecarctl __complete|__complete/);
    }
    assert.equal(runCli(['completion', 'tcsh']).code, 2);
  });
});

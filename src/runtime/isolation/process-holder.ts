/**
 * The holder of a `process`-isolated container: what PID 1 of a PID namespace does for `pod`
 * isolation, with what Linux gives an ordinary user without namespaces.
 *
 * A plain process group does not survive the runtime's death cleanly: when sidecarctl is killed
 * with SIGKILL nobody signals the group, and a grandchild that calls setsid leaves the group
 * anyway (reference/local-runtime.md §3.1). So each container runs under a small holder:
 *
 *     perl -e HOLDER <prctl nr> <runtime pid> -- argv...
 *
 * - `prctl(PR_SET_CHILD_SUBREAPER)`: every orphan of the container (a daemon that double-forks
 *   and calls setsid) is re-parented to the holder instead of to init, so the holder always finds
 *   the container's whole process tree under /proc/<holder>/task/<tid>/children;
 * - `prctl(PR_SET_PDEATHSIG, SIGTERM)`: when the runtime dies, even by SIGKILL, the kernel
 *   sends the holder SIGTERM; the holder then SIGKILLs the whole tree and exits. It checks its
 *   parent once after the prctl, so a runtime that died before it is seen too;
 * - the app runs as the holder's child in its own process group; the holder reports its pid on
 *   fd 3, waits for it, then SIGKILLs whatever the app left behind (as the kernel does when a
 *   PID namespace's init exits) and exits with the app's status (128+n for signal n).
 *
 * perl is used because it is there (perl-base is Essential in Debian and Ubuntu) and starts in
 * a few milliseconds; it reaches prctl(2) through `syscall`, whose number depends on the
 * architecture. Without perl (or on an architecture not listed) the runtime falls back to the
 * bare process group and says so.
 */

/** prctl(2)'s system call number by Node's `process.arch` (asm/unistd*.h). */
const PRCTL_NR: Readonly<Record<string, number>> = {
  x64: 157,
  arm64: 167,
  riscv64: 167,
  loong64: 167,
  arm: 172,
  ia32: 172,
  s390x: 172,
  ppc64: 171,
};

export function prctlNumber(arch: string = process.arch): number | null {
  return PRCTL_NR[arch] ?? null;
}

// PR_SET_PDEATHSIG = 1, PR_SET_CHILD_SUBREAPER = 36; fd 3 carries the app's pid. SIGTERM is
// blocked across fork so that the child never runs the holder's handler: a SIGTERM meant for
// the app that comes before its exec ends it with the default action.
const HOLDER = String.raw`
use strict; use POSIX ();
my ($nr, $ppid) = (0 + shift @ARGV, 0 + shift @ARGV); shift @ARGV;
my $app = 0;
sub kids { my @c; for my $f (glob "/proc/$_[0]/task/*/children") {
  if (open my $h, '<', $f) { local $/; my $s = <$h>; push @c, split(' ', $s // '') } } @c }
sub tree { my @q = kids($$); my @all; while (@q) { my $p = shift @q; push @all, $p; push @q, kids($p) } @all }
sub clear {
  kill 'KILL', -$app if $app > 0;
  for (1 .. 400) {
    my @d = tree(); kill 'KILL', @d if @d;
    1 while waitpid(-1, POSIX::WNOHANG()) > 0;
    last unless kids($$);
    select(undef, undef, undef, 0.005);
  }
}
$SIG{TERM} = sub { clear(); POSIX::_exit(137) };
syscall($nr, 36, 1, 0, 0, 0); syscall($nr, 1, 15, 0, 0, 0);
if (getppid() != $ppid) { POSIX::_exit(137) }
my $term = POSIX::SigSet->new(POSIX::SIGTERM());
POSIX::sigprocmask(POSIX::SIG_BLOCK(), $term);
$app = fork();
POSIX::_exit(128) unless defined $app;
if ($app == 0) {
  $SIG{TERM} = 'DEFAULT'; POSIX::sigprocmask(POSIX::SIG_UNBLOCK(), $term); setpgrp(0, 0);
  exec { $ARGV[0] } @ARGV; print STDERR "exec $ARGV[0]: $!\n"; POSIX::_exit(128);
}
POSIX::sigprocmask(POSIX::SIG_UNBLOCK(), $term);
if (open my $m, '>&=', 3) { print $m "$app\n"; close $m }
my $status = 0;
while (1) { my $p = waitpid(-1, 0); if ($p == $app) { $status = $?; last } last if $p < 0 }
clear();
my $sig = $status & 127;
POSIX::_exit($sig ? 128 + $sig : $status >> 8);
`;

/**
 * The argv that runs `argv` under a holder, or null when this machine has no way to hold it.
 * @param perl - the perl interpreter found on the host, if any
 */
export function holderArgv(
  perl: string | null,
  argv: readonly string[],
  runtimePid: number = process.pid,
): string[] | null {
  const nr = prctlNumber();
  if (perl === null || nr === null) return null;
  return [perl, '-e', HOLDER, String(nr), String(runtimePid), '--', ...argv];
}

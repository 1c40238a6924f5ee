/**
 * The machine and the code a benchmark ran on: CPUs, kernel, memory, the Node versions, wrk, and
 * which logond source was measured (commit, and the files that differed from it).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** What the report says about the machine. */
export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly wrk: string;
  readonly taskset: boolean;
}

function quiet(command: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(cwd === undefined ? {} : { cwd }),
    }).trim();
  } catch (error) {
    // wrk -v prints its version and exits 1.
    const out = (error as { stdout?: string; stderr?: string }).stdout ?? '';
    return out.trim();
  }
}

/** Describes this machine. */
export function describeMachine(taskset: boolean): MachineInfo {
  const model =
    /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ??
    cpus()[0]?.model ??
    'unknown';
  return {
    nproc: Number(quiet('nproc', [])) || cpus().length,
    cpuModel: model.trim(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: quiet('uname', ['-r']),
    wrk: quiet('wrk', ['-v']).split('\n')[0]?.split(' ')[1] ?? 'absent',
    taskset,
  };
}

/** The logond source measured: commit, and the files under src/, bin/ and bench/packages/ that differ from it. */
export function describeSource(root: string, ref?: string): { commit: string; modified: string[] } {
  const commit = quiet('git', ['rev-parse', '--short=12', ref ?? 'HEAD'], root) || 'unknown';
  if (ref !== undefined) return { commit, modified: [] };
  // Porcelain lines are `XY path`; quiet() trimmed the first line's leading space, hence the regex.
  const modified = quiet(
    'git',
    ['status', '--porcelain', '--', 'src', 'bin', 'bench/packages', 'package.json'],
    root,
  )
    .split('\n')
    .map((line) => /^.?.? (.+)$/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined);
  return { commit, modified };
}

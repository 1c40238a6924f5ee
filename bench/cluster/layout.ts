/**
 * Where every process of the cluster benchmark runs, said in the output, and what that makes of
 * the 1-vs-2-daemon whoami comparison on a 2-core machine.
 */

/** The layout's sentences and the fairness argument. */
export interface Layout {
  readonly lines: readonly string[];
  readonly fairness: string;
}

const at = (cpu: number | undefined) => (cpu === undefined ? 'unpinned' : `CPU ${cpu}`);

/** Describes the pinning of daemon counts `counts` (daemon k on `daemonCpus[k % length]`). */
export function layoutOf(
  counts: readonly number[],
  daemonCpus: readonly number[],
  loadCpu: number | undefined,
): Layout {
  const cpuOf = (k: number) => (daemonCpus.length === 0 ? undefined : daemonCpus[k % daemonCpus.length]);
  const lines = counts.map(
    (n) =>
      `${n} daemon${n === 1 ? '' : 's'}: ${Array.from({ length: n }, (_, k) => `h${k + 1} on ${at(cpuOf(k))}`).join(', ')}; ` +
      `the load (wrk, or the cycle driver) on ${at(loadCpu)}.`,
  );
  lines.push(
    'PostgreSQL: a system service, not pinned: its backends run on whichever core the scheduler picks (their CPU time is reported per operation).',
    `Cascade: the closer (host cascade-a) on ${at(cpuOf(0))}, the observer (cascade-b) on ${at(loadCpu)}; PostgreSQL unpinned.`,
    'The orchestrator (bench/cluster.ts) is unpinned and idle while a window is measured.',
  );
  const fairness =
    `One daemon gets ${at(cpuOf(0))} to itself and the load generator the other core: that is all one daemon can use, since its ` +
    'request path runs on one event-loop thread, so the one-daemon baseline is not held back by the load generator. ' +
    'With two daemons the second daemon shares its core with the load generator, and PostgreSQL (unpinned) takes its share ' +
    'wherever it runs: the two-daemon figure pays for the client and the database out of the same two cores, so the ratio ' +
    'understates what a second daemon gives when clients and the database are elsewhere; it cannot overstate it. ' +
    'Both configurations run on the same PostgreSQL store, with the same tokens (issued round-robin, so every daemon validates ' +
    "tokens other daemons issued), warmed up in every daemon's cache before the measured window, and the same total " +
    "connections, up to rounding (wrk gives each daemon's thread c/t: the table shows the total). The cores-busy column shows whether a core was the limit, and in brackets how much of them went to neither the daemons nor PostgreSQL (the load generator, the kernel, other processes).";
  return { lines, fairness };
}

/**
 * The load process of the logon + close cycles over a cluster: bench/compare's load driver
 * (`runCycles`: log on through BenchFast, take the token, DELETE /v1/tokens/current with it; raw
 * keep-alive sockets, every answer checked) once per daemon, all at once, in ONE process pinned
 * to the load CPU, so the load side has the same shape whatever the daemon count.
 *
 *   node bench/cluster/cycle-driver.ts <specs.json>     (a JSON array of CycleSpec, one per daemon)
 *
 * prints one line `LOADJSON [CycleResult, ...]` in the same order.
 */
import { readFileSync } from 'node:fs';
import { type CycleSpec, runCycles } from '../compare/load-driver.ts';

if (import.meta.main) {
  const specs = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as CycleSpec[];
  const results = await Promise.all(specs.map(runCycles));
  process.stdout.write(`LOADJSON ${JSON.stringify(results)}\n`);
}

/**
 * Crash-test helper for sqlite-store.test.ts: opens the store at argv[2] and commits transactions
 * forever, 20 at a time, printing each id on stdout once its promise resolved (acknowledged). The
 * test kills this process with SIGKILL mid-stream. Stdout to a pipe is synchronous on Linux, so an
 * id the parent reads was acknowledged before the kill.
 */
import { createSqliteStore } from './sqlite-store.ts';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: _crash-child.ts <database file>');
const store = createSqliteStore({ path });
let next = 0;
for (;;) {
  const ids = Array.from({ length: 20 }, () => ++next);
  await Promise.all(
    ids.map((id) =>
      store
        .transact((tx) => {
          tx.put('meta', { name: `ack-${id}`, value: BigInt(id) << 33n });
          tx.appendEvent('crash.ack', { id }, id);
        })
        .then(() => process.stdout.write(`${id}\n`)),
    ),
  );
}

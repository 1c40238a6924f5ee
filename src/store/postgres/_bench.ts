/**
 * Throughput and round trips of the PostgreSQL store for small transactions, 50 concurrent.
 * Run: `node src/store/postgres/_bench.ts` (server from LOGOND_TEST_PG or the local default).
 * Kept beside the adapter until it moves to bench/ with the cluster benchmark (issue 6).
 */
import { cpus } from 'node:os';
import { Client } from 'pg';
import type { Store, Tx } from '../store.ts';
import { createPostgresStore } from './create-postgres-store.ts';
import type { PostgresStore } from './postgres-store.ts';

const url = process.env['LOGOND_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = 'logond_bench';
const CONCURRENCY = 50;

type Work = (i: number, store: Store) => Promise<unknown>;

function bump(tx: Tx, i: number): void {
  const r = tx.get('meta', `r${i % 1000}`)!;
  tx.put('meta', { name: r.name, value: (r.value as number) + 1 });
}

const shapes: [string, number, Work][] = [
  ['read 1 row by key', 5000, (i, s) => s.read((tx) => tx.get('meta', `r${i % 1000}`))],
  [
    'read 3 independent rows',
    5000,
    (i, s) => s.read((tx) => [0, 1, 2].map((k) => tx.get('meta', `r${(i + k * 7) % 1000}`))),
  ],
  ['read-modify-write 1 row (distinct rows)', 5000, (i, s) => s.transact((tx) => bump(tx, i))],
  ['read-modify-write 1 hot row', 2000, (_, s) => s.transact((tx) => bump(tx, 0))],
  [
    'read-modify-write 1 row + appendEvent',
    3000,
    (i, s) =>
      s.transact((tx) => {
        bump(tx, i);
        tx.appendEvent('bench', { i }, 0);
      }),
  ],
  [
    'blind writes of 3 rows + appendEvent (logon-like)',
    3000,
    (i, s) =>
      s.transact((tx) => {
        const id = 10_000 + i;
        tx.put('kernelSessions', { logonId: BigInt(id), refcount: 1, flags: 0, phase: 'active' });
        tx.put('handles', { id, tokenId: id, holder: 'client', secretHash: 'ab', createdAt: 0 });
        tx.put('cursors', { name: `c${id}`, seq: id });
        tx.appendEvent('logon-session.created', { id }, 0);
      }),
  ],
];

async function measure(label: string, store: PostgresStore, total: number, work: Work): Promise<void> {
  for (let i = 0; i < 200; i++) await work(i, store);
  const before = store.stats();
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await work(next++, store);
    }),
  );
  const ms = performance.now() - start;
  const after = store.stats();
  const per = (n: number) => (n / total).toFixed(2);
  console.log(
    `${label.padEnd(52)} ${String(Math.round((total / ms) * 1000)).padStart(6)} tx/s  ` +
      `${per(after.roundTrips - before.roundTrips)} round trips/tx  ${per(after.passes - before.passes)} passes/tx  ` +
      `retries ${after.retries - before.retries}`,
  );
}

const admin = new Client({ connectionString: url });
await admin.connect();
const setting = async (name: string) => (await admin.query(`SHOW ${name}`)).rows[0][name] as string;
console.log(
  `${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, PostgreSQL ${await setting('server_version')} ` +
    `(synchronous_commit ${await setting('synchronous_commit')}), ${CONCURRENCY} concurrent transactions`,
);
await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
try {
  for (const poolSize of [10, 50]) {
    console.log(`pool of ${poolSize} connections:`);
    const store = await createPostgresStore({ connectionString: url, schema, poolSize });
    await store.transact((tx) => {
      for (let i = 0; i < 1000; i++) tx.put('meta', { name: `r${i}`, value: 0 });
    });
    for (const [label, total, work] of shapes) await measure(`  ${label}`, store, total, work);
    await store.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
} finally {
  await admin.end();
}

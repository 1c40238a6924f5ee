import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TokenRow } from '../rows.ts';
import { NeedRows, Pass } from './_pass.ts';
import { Snapshot } from './_snapshot.ts';
import { type PgTable, toColumnText } from './_sql.ts';

const TABLES: PgTable[] = [
  {
    name: 'tokens',
    sqlName: 't.tokens',
    key: 'id',
    indexes: ['logonId'],
    types: { id: 'bigint', logonId: 'bigint' },
  },
  { name: 'cursors', sqlName: 't.cursors', key: 'name', indexes: [], types: { name: 'text' } },
];

function token(id: number, logonId: bigint): TokenRow {
  return {
    id,
    logonId,
    type: 1,
    impersonationLevel: 2,
    user: 'S-1',
    groups: [],
    privileges: [],
    restrictedSids: null,
    flags: 0,
    handleCount: 1,
    sessionId: 1,
    source: 'logon',
    createdAt: 0,
  };
}

describe('Pass', () => {
  it('Pass records a get it cannot answer as a miss and answers from the snapshot once fetched', () => {
    const snapshot = new Snapshot(TABLES);
    const first = new Pass(snapshot, true, 0);
    assert.equal(first.tx.get('tokens', 1), undefined);
    assert.equal(first.tx.get('tokens', 2n), undefined);
    assert.deepEqual(
      [...first.misses.gets.get('tokens')!.entries()],
      [
        [1, '1'],
        [2, '2'],
      ],
    );
    snapshot.table('tokens').addRow({ ...token(1, 5n) }, 10);
    snapshot.table('tokens').markAbsent(2);
    const second = new Pass(snapshot, true, 0);
    assert.equal(second.tx.get('tokens', 1n)?.id, 1, 'a bigint finds the row keyed by the number');
    assert.equal(second.tx.get('tokens', 2), undefined);
    assert.equal(second.tx.get('tokens', 'x' as unknown as number), undefined, 'no row can have this key');
    assert.equal(second.misses.rows, 0);
  });

  it('Pass find merges its own writes into the fetched rows of an index value', () => {
    const snapshot = new Snapshot(TABLES);
    const t = snapshot.table('tokens');
    t.addRow({ ...token(1, 5n) }, 1);
    t.addRow({ ...token(2, 5n) }, 2);
    t.addRow({ ...token(4, 5n) }, 4);
    t.markFound('logonId', 5);
    const pass = new Pass(snapshot, true, 0);
    pass.tx.put('tokens', token(2, 6n));
    pass.tx.put('tokens', token(3, 5n));
    assert.equal(pass.tx.delete('tokens', 1), true);
    pass.tx.put('tokens', { ...token(4, 5n), flags: 7 });
    assert.deepEqual(
      pass.tx.find('tokens', 'logonId', 5n).map((r) => [r.id, r.flags]),
      [
        [4, 7],
        [3, 0],
      ],
    );
    assert.deepEqual(pass.tx.find('tokens', 'logonId', 6n), [], 'value 6 not fetched yet');
    assert.deepEqual([...pass.misses.finds.get('tokens')!.get('logonId')!.keys()], [6]);
    assert.throws(() => pass.tx.find('tokens', 'user' as 'logonId', 'S-1'), /no index on user/);
  });

  it('Pass puts a row deleted earlier at the end of a scan, and counts its inserts and deletes', () => {
    const snapshot = new Snapshot(TABLES);
    const t = snapshot.table('cursors');
    for (const [i, name] of ['a', 'b', 'c'].entries()) t.addRow({ name, seq: i }, i);
    t.complete = true;
    const pass = new Pass(snapshot, true, 0);
    pass.tx.delete('cursors', 'a');
    pass.tx.put('cursors', { name: 'a', seq: 9 });
    pass.tx.put('cursors', { name: 'b', seq: 8 });
    pass.tx.put('cursors', { name: 'd', seq: 7 });
    assert.deepEqual(
      pass.tx.scan('cursors').map((c) => `${c.name}${c.seq}`),
      ['b8', 'c2', 'a9', 'd7'],
    );
    assert.equal(pass.tx.count('cursors'), 4);
    assert.equal(pass.misses.rows, 0);
  });

  it('Pass needs the rows it wrote blind before it can count the table', () => {
    const snapshot = new Snapshot(TABLES);
    snapshot.table('cursors').count = 10;
    const pass = new Pass(snapshot, true, 0);
    pass.tx.put('cursors', { name: 'x', seq: 1 });
    pass.tx.count('cursors');
    assert.deepEqual([...pass.misses.gets.get('cursors')!.keys()], ['x']);
    snapshot.table('cursors').markAbsent('x');
    const again = new Pass(snapshot, true, 0);
    again.tx.put('cursors', { name: 'x', seq: 1 });
    assert.equal(again.tx.count('cursors'), 11);
  });

  it('Pass gives provisional sequence numbers until the counter is read, then exact ones', () => {
    const snapshot = new Snapshot(TABLES);
    const first = new Pass(snapshot, true, 40);
    assert.deepEqual([first.tx.appendEvent('a', {}, 0), first.tx.appendEvent('b', {}, 0)], [41, 42]);
    assert.equal(first.misses.events, true);
    snapshot.eventBase = 57;
    const second = new Pass(snapshot, true, 40);
    assert.deepEqual([second.tx.appendEvent('a', {}, 0), second.tx.appendEvent('b', {}, 0)], [58, 59]);
    assert.equal(second.misses.events, false);
  });

  it('Pass cuts a pass short after too many misses, and refuses writes when read-only', () => {
    const pass = new Pass(new Snapshot(TABLES), true, 0);
    assert.throws(() => {
      for (let i = 0; i < 10_000; i++) pass.tx.get('tokens', i);
    }, NeedRows);
    assert.equal(pass.misses.rows, 256);
    const read = new Pass(new Snapshot(TABLES), false, 0);
    assert.throws(
      () => read.tx.put('cursors', { name: 'x', seq: 1 }),
      /write outside a read-write transaction/,
    );
    assert.throws(() => read.tx.appendEvent('x', {}, 0), /write outside a read-write transaction/);
  });

  it('Pass refuses keys and indexed values no column can hold, by field', () => {
    const pass = new Pass(new Snapshot(TABLES), true, 0);
    assert.throws(
      () => pass.tx.put('tokens', token(1.5, 1n)),
      /tokens\.id is a key or indexed field: 1\.5 is not a 64-bit integer/,
    );
    assert.throws(
      () => pass.tx.put('tokens', token(1, 1n << 64n)),
      /tokens\.logonId is a key or indexed field: 18446744073709551616 does not fit in 64 signed bits/,
    );
    assert.throws(() => pass.tx.put('cursors', { name: 5 as unknown as string, seq: 1 }), /holds strings/);
  });
});

describe('toColumnText', () => {
  it('toColumnText prints 64-bit integers exactly, numbers past 2^53 included', () => {
    assert.equal(toColumnText('bigint', 2 ** 60), '1152921504606846976');
    assert.equal(toColumnText('bigint', -(2n ** 63n)), '-9223372036854775808');
    assert.equal(toColumnText('bigint', 2n ** 63n), undefined);
    assert.equal(toColumnText('bigint', 2 ** 63), undefined);
    assert.equal(toColumnText('text', 'a\0b'), undefined);
    assert.equal(toColumnText('text', "it's"), "it's");
  });
});

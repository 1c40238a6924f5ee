import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromJson, toJson } from './codec.ts';

function roundTrip(value: unknown): unknown {
  return fromJson(toJson(value));
}

describe('codec', () => {
  it('codec round-trips bigints exactly and keeps numbers numbers', () => {
    const value = {
      luid: 0x3e9n,
      negative: -1n,
      wide: (1n << 40n) + 5n,
      min: -(1n << 63n),
      beyond64: (1n << 100n) + 1n,
      n: 12,
      float: 1.5,
      nested: [{ a: 1n, b: [2n, 'x', null] }],
    };
    const back = roundTrip(value);
    assert.deepEqual(back, value);
    assert.equal(typeof (back as { n: unknown }).n, 'number');
    assert.equal(toJson({ n: 5 }), '{"n":5}');
  });

  it('codec keeps strings, nulls, booleans and Unicode intact', () => {
    const value = { s: 'Ünïcode ✓ "quoted" bigint"', z: null, t: true, f: false, e: [], o: {} };
    assert.deepEqual(roundTrip(value), value);
  });

  it('codec escapes stored objects that look like its tag', () => {
    const lookalikes = [
      { $bigint: '12' },
      { $$bigint: '12' },
      { $$$bigint: 7 },
      { $bigint: 1n },
      { $bigint: '12', other: 1 },
      { deep: { $bigint: 'not a number' } },
    ];
    for (const v of lookalikes) assert.deepEqual(roundTrip(v), v);
  });

  it('codec keeps a stored "__proto__" key an own property, with bigints inside revived', () => {
    const back = fromJson('{"__proto__":{"x":{"$bigint":"5"}},"y":{"$bigint":"7"}}') as Record<
      string,
      unknown
    >;
    assert.ok(Object.hasOwn(back, '__proto__'));
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(back, '__proto__')?.value, { x: 5n });
    assert.equal(back['y'], 7n);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ANONYMOUS_LOGON_LUID,
  formatLuid,
  fromLuidPair,
  IUSER_LUID,
  isSameLuidPair,
  isWellKnownLuid,
  LOCALSERVICE_LUID,
  NETWORKSERVICE_LUID,
  parseLuid,
  SYSTEM_LUID,
  toLuidPair,
} from './luid.ts';

describe('LUID', () => {
  it('well-known values match the SDK (spec test 4)', () => {
    assert.deepEqual(
      [SYSTEM_LUID, ANONYMOUS_LOGON_LUID, LOCALSERVICE_LUID, NETWORKSERVICE_LUID, IUSER_LUID].map(toLuidPair),
      [0x3e7, 0x3e6, 0x3e5, 0x3e4, 0x3e3].map((LowPart) => ({ LowPart, HighPart: 0 })),
    );
    assert.equal(isWellKnownLuid(SYSTEM_LUID), true);
    assert.equal(isWellKnownLuid(IUSER_LUID), false);
  });

  it('pairs compare field-wise (spec test 3)', () => {
    assert.equal(isSameLuidPair({ LowPart: 5, HighPart: 0 }, { LowPart: 5, HighPart: 1 }), false);
    assert.equal(isSameLuidPair({ LowPart: 5, HighPart: 0 }, { LowPart: 5, HighPart: 0 }), true);
    assert.notEqual(fromLuidPair({ LowPart: 5, HighPart: 0 }), fromLuidPair({ LowPart: 5, HighPart: 1 }));
  });

  it('round-trips pairs, including negative high parts and the full low range', () => {
    for (const pair of [
      { LowPart: 0, HighPart: 0 },
      { LowPart: 0xffffffff, HighPart: 0 },
      { LowPart: 5, HighPart: 1 },
      { LowPart: 0x80000000, HighPart: -1 },
      { LowPart: 7, HighPart: -2147483648 },
    ]) {
      assert.deepEqual(toLuidPair(fromLuidPair(pair)), pair);
    }
  });

  it('formats and parses the documented text forms', () => {
    assert.equal(formatLuid(SYSTEM_LUID), '0x0:0x3e7');
    assert.equal(parseLuid('0x0:0x3e7'), SYSTEM_LUID);
    assert.equal(parseLuid('00000000-000003e7'), SYSTEM_LUID);
    assert.equal(parseLuid('0x3e9'), 0x3e9n);
    assert.equal(parseLuid('1001'), 0x3e9n);
    assert.equal(parseLuid(formatLuid((1n << 40n) + 5n)), (1n << 40n) + 5n);
    for (const bad of ['', 'abc', '0x', '1:2', '0x1:0x1ffffffff', '99999999999999999999999', '1.5'])
      assert.equal(parseLuid(bad), undefined, bad);
  });
});

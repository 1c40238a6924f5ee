import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NtError } from './nt-error.ts';
import {
  formatStatus,
  isNtSuccess,
  LsaNtStatusToWinError,
  STATUS_NO_SUCH_LOGON_SESSION,
  statusName,
} from './ntstatus.ts';

// spec §1.10, one row per assertion (spec test 54).
const TABLE: [number, number][] = [
  [0x00000000, 0],
  [0xc0000002, 1],
  [0xc0000004, 24],
  [0xc0000005, 998],
  [0xc0000008, 6],
  [0xc000000d, 87],
  [0xc0000017, 8],
  [0xc0000022, 5],
  [0xc000005f, 1312],
  [0xc0000061, 1314],
  [0xc0000064, 1317],
  [0xc000006a, 86],
  [0xc000006d, 1326],
  [0xc000006e, 1327],
  [0xc000006f, 1328],
  [0xc0000070, 1329],
  [0xc0000071, 1330],
  [0xc0000072, 1331],
  [0xc000007c, 1008],
  [0xc000009a, 1450],
  [0xc00000e8, 1784],
  [0xc00000ee, 1363],
  [0xc00000fe, 1364],
  [0xc0000104, 1365],
  [0xc0000105, 1366],
  [0xc000010b, 1367],
  [0xc0000224, 1907],
  [0xc0000225, 1168],
  [0xc00a0006, 7007],
  [0xc00a0015, 7022],
  [0xc00a002b, 7045],
];

describe('LsaNtStatusToWinError', () => {
  for (const [status, win32] of TABLE) {
    it(`maps ${formatStatus(status)} to ${win32}`, () => assert.equal(LsaNtStatusToWinError(status), win32));
  }
  it('maps an unmapped status to 317 (spec test 55)', () => {
    assert.equal(LsaNtStatusToWinError(0xc0ffee00), 317);
    assert.equal(LsaNtStatusToWinError(0x12345678), 317);
  });
  it('accepts signed forms of the same status', () => {
    assert.equal(LsaNtStatusToWinError(0xc000005f | 0), 1312);
  });
});

describe('NtError', () => {
  it('carries status, Win32 code and a sentence', () => {
    const e = new NtError(STATUS_NO_SUCH_LOGON_SESSION);
    assert.equal(e.status, 0xc000005f);
    assert.equal(e.win32, 1312);
    assert.match(e.message, /STATUS_NO_SUCH_LOGON_SESSION \(0xC000005F\): The logon session does not exist/);
    assert.equal(statusName(0xc000005f), 'STATUS_NO_SUCH_LOGON_SESSION');
    assert.equal(isNtSuccess(0), true);
    assert.equal(isNtSuccess(0xc000005f), false);
  });
});

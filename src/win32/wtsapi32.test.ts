/** The Win32-shaped WTS functions against the acceptance cases of spec §4.7 (tests 67–93). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toFileTime } from '../lsa/logon-session-data.ts';
import { WTS_SECURITY_ALL_ACCESS } from '../security/wts-permissions.ts';
import { consoleUser, wtsApiFor } from './_wts-test-api.ts';
import type { Ref } from './ref.ts';
import * as c from './wts-constants.ts';
import type { WTSINFO } from './wts-structs.ts';
import type { WTS_PROCESS_INFO, WTS_SESSION_INFO, WTS_SESSION_INFO_1 } from './wtsapi32.ts';

const H = c.WTS_CURRENT_SERVER_HANDLE;
const ME = c.WTS_CURRENT_SESSION;

describe('WTSQuerySessionInformation', () => {
  it('WTSConnectState of the current session is WTSActive in 4 bytes, A and W (test 67)', async () => {
    const { t, api } = await consoleUser();
    for (const query of [api.WTSQuerySessionInformationW, api.WTSQuerySessionInformationA]) {
      const buf: Ref<unknown> = {};
      const bytes: Ref<number> = {};
      assert.equal(await query(H, ME, c.WTSConnectState, buf, bytes), true);
      assert.deepEqual([buf.value, bytes.value, api.GetLastError()], [c.WTSActive, 4, 0]);
    }
    await t.system.close();
  });

  it('a null buffer pointer fails with 1784 and leaves the byte count as it was (test 68)', async () => {
    const { t, api } = await consoleUser();
    for (const query of [api.WTSQuerySessionInformationW, api.WTSQuerySessionInformationA]) {
      for (const start of [0, 1]) {
        const bytes: Ref<number> = { value: start };
        assert.equal(await query(H, ME, c.WTSUserName, null, bytes), false);
        assert.deepEqual([api.GetLastError(), bytes.value], [1784, start]);
      }
    }
    await t.system.close();
  });

  it('a null byte-count pointer fails with 1784 (test 69)', async () => {
    const { t, api } = await consoleUser();
    for (const query of [api.WTSQuerySessionInformationW, api.WTSQuerySessionInformationA]) {
      assert.equal(await query(H, ME, c.WTSUserName, {}, null), false);
      assert.equal(api.GetLastError(), 1784);
    }
    await t.system.close();
  });

  it('WTSUserName is the caller, (len + 1) × 2 bytes in W and len + 1 in A (test 70)', async () => {
    const { t, api } = await consoleUser();
    const buf: Ref<unknown> = {};
    const bytes: Ref<number> = {};
    assert.equal(await api.WTSQuerySessionInformationW(H, ME, c.WTSUserName, buf, bytes), true);
    assert.deepEqual([(buf.value as string).toLowerCase(), bytes.value], ['alice', 12]);
    assert.equal(await api.WTSQuerySessionInformationA(H, ME, c.WTSUserName, buf, bytes), true);
    assert.deepEqual([buf.value, bytes.value], ['alice', 6]);
    await t.system.close();
  });

  it('WTSDomainName is the computer name for a local account (test 71)', async () => {
    const { t, api } = await consoleUser();
    const buf: Ref<unknown> = {};
    const bytes: Ref<number> = {};
    assert.equal(await api.WTSQuerySessionInformationW(H, ME, c.WTSDomainName, buf, bytes), true);
    assert.deepEqual(
      [(buf.value as string).toUpperCase(), bytes.value],
      [t.system.computerName, (t.system.computerName.length + 1) * 2],
    );
    assert.equal(await api.WTSQuerySessionInformationA(H, ME, c.WTSDomainName, buf, bytes), true);
    assert.equal(bytes.value, t.system.computerName.length + 1);
    await t.system.close();
  });

  it('WTSClientProtocolType (A) is a USHORT, 0 on the console (test 72)', async () => {
    const { t, api } = await consoleUser();
    const buf: Ref<unknown> = {};
    const bytes: Ref<number> = {};
    assert.equal(await api.WTSQuerySessionInformationA(H, ME, c.WTSClientProtocolType, buf, bytes), true);
    assert.deepEqual([buf.value, bytes.value], [c.WTS_PROTOCOL_TYPE_CONSOLE, 2]);
    await t.system.close();
  });

  it('WTSSessionInfo is a WTSINFO of sizeof 216 (W) / 144 (A) describing the console session (test 73)', async () => {
    const { t, user, api } = await consoleUser();
    for (const [query, size] of [
      [api.WTSQuerySessionInformationW, 216],
      [api.WTSQuerySessionInformationA, 144],
    ] as const) {
      const buf: Ref<unknown> = {};
      const bytes: Ref<number> = {};
      const before = toFileTime(t.clock.now());
      assert.equal(await query(H, ME, c.WTSSessionInfo, buf, bytes), true);
      const after = toFileTime(t.clock.now());
      const info = buf.value as WTSINFO;
      assert.equal(bytes.value, size);
      assert.deepEqual(
        [info.State, info.SessionId, info.WinStationName],
        [c.WTSActive, user.caller.sessionId, 'Console'],
      );
      const counters = [
        info.IncomingBytes,
        info.OutgoingBytes,
        info.IncomingFrames,
        info.OutgoingFrames,
        info.IncomingCompressedBytes,
        info.OutgoingCompressedBytes,
      ];
      assert.deepEqual(counters, [0, 0, 0, 0, 0, 0]);
      assert.deepEqual(
        [info.Domain.toUpperCase(), info.UserName.toLowerCase()],
        [t.system.computerName, 'alice'],
      );
      assert.ok(info.CurrentTime >= before && info.CurrentTime <= after);
    }
    await t.system.close();
  });

  it('classes WTSIdleTime … WTSOutgoingFrames fail with ERROR_NOT_SUPPORTED (test 74)', async () => {
    const { t, api } = await consoleUser();
    for (let cls = c.WTSIdleTime; cls <= c.WTSOutgoingFrames; cls++) {
      assert.equal(await api.WTSQuerySessionInformationW(H, ME, cls, {}, {}), false);
      assert.equal(api.GetLastError(), 50, `class ${cls}`);
    }
    await t.system.close();
  });

  it('a session id that does not exist fails with 7022 (test 75)', async () => {
    const { t, api } = await consoleUser();
    assert.equal(await api.WTSQuerySessionInformationW(H, 4711, c.WTSConnectState, {}, {}), false);
    assert.equal(api.GetLastError(), 7022);
    await t.system.close();
  });

  it('WTSUserName of a session with nobody logged on is the empty string (test 76)', async () => {
    const { t, kernel } = await consoleUser();
    const buf: Ref<unknown> = {};
    const bytes: Ref<number> = {};
    assert.equal(await kernel.WTSQuerySessionInformationW(H, 0, c.WTSUserName, buf, bytes), true);
    assert.deepEqual([buf.value, bytes.value], ['', 2]);
    await t.system.close();
  });

  it("another user's session without Query fails with 5", async () => {
    const { t, api } = await consoleUser();
    const bob = await t.logon('bob');
    assert.equal(await api.WTSQuerySessionInformationW(H, bob.sessionId, c.WTSUserName, {}, {}), false);
    assert.equal(api.GetLastError(), 5);
    await t.system.close();
  });

  it('every other class answers with its documented size', async () => {
    const { t, api } = await consoleUser();
    const sizes: [number, number, number][] = [
      [c.WTSSessionId, 4, 4],
      [c.WTSWinStationName, 16, 8],
      [c.WTSClientBuildNumber, 4, 4],
      [c.WTSClientProductId, 2, 2],
      [c.WTSClientHardwareId, 4, 4],
      [c.WTSClientAddress, 24, 24],
      [c.WTSClientDisplay, 12, 12],
      [c.WTSClientInfo, 2304, 1200],
      [c.WTSSessionInfoEx, 232, 160],
      [c.WTSConfigInfo, 1668, 848],
      [c.WTSIsRemoteSession, 4, 4],
      [c.WTSInitialProgram, 2, 1],
    ];
    for (const [cls, w, a] of sizes) {
      const bytes: Ref<number> = {};
      assert.equal(await api.WTSQuerySessionInformationW(H, ME, cls, {}, bytes), true, `class ${cls}`);
      assert.equal(bytes.value, w, `class ${cls} W`);
      assert.equal(await api.WTSQuerySessionInformationA(H, ME, cls, {}, bytes), true);
      assert.equal(bytes.value, a, `class ${cls} A`);
    }
    for (const cls of [c.WTSValidationInfo, c.WTSSessionAddressV4]) {
      assert.equal(await api.WTSQuerySessionInformationW(H, ME, cls, {}, {}), false);
      assert.equal(api.GetLastError(), 50);
    }
    assert.equal(await api.WTSQuerySessionInformationW(H, ME, 30, {}, {}), false);
    assert.equal(api.GetLastError(), 87);
    await t.system.close();
  });

  it('WTSClientAddress carries an IPv4 address from Address[2]', async () => {
    const { t } = await consoleUser();
    const bob = await t.logon('bob', { clientAddress: '198.51.100.23' });
    const api = wtsApiFor(t, bob.handle);
    const buf: Ref<unknown> = {};
    assert.equal(await api.WTSQuerySessionInformationW(H, ME, c.WTSClientAddress, buf, {}), true);
    const address = buf.value as { AddressFamily: number; Address: number[] };
    assert.deepEqual([address.AddressFamily, address.Address.slice(0, 6)], [2, [0, 0, 198, 51, 100, 23]]);
    await t.system.close();
  });
});

describe('WTSQueryUserToken', () => {
  it('a null token pointer fails with 87 (test 77)', async () => {
    const { t, kernel } = await consoleUser();
    assert.equal(await kernel.WTSQueryUserToken(ME, null), false);
    assert.equal(kernel.GetLastError(), 87);
    await t.system.close();
  });

  it('a caller without SeTcbPrivilege gets 1314 (test 78)', async () => {
    const { t, user, api } = await consoleUser();
    assert.equal(await api.WTSQueryUserToken(user.sessionId, {}), false);
    assert.equal(api.GetLastError(), 1314);
    await t.system.close();
  });

  it('a session with nobody logged on gives 1008; a missing session 2 (test 79)', async () => {
    const { t, kernel } = await consoleUser();
    const idle = await t.system.wts.connect();
    for (const id of [0, idle.sessionId!]) {
      assert.equal(await kernel.WTSQueryUserToken(id, {}), false);
      assert.equal(kernel.GetLastError(), 1008);
    }
    assert.equal(await kernel.WTSQueryUserToken(99, {}), false);
    assert.equal(kernel.GetLastError(), 2);
    await t.system.close();
  });

  it('success is a new handle to the session token, held by query-user-token', async () => {
    const { t, user, kernel } = await consoleUser();
    const token: Ref<number> = {};
    assert.equal(await kernel.WTSQueryUserToken(user.sessionId, token), true);
    assert.notEqual(token.value, user.handle);
    const holders = await t.system.kernel.holdersOf(user.logonId);
    assert.deepEqual(holders[0]?.handles.map((h) => h.holder).sort(), [
      'client',
      'query-user-token',
      `wts:${user.sessionId}`,
    ]);
    await t.system.close();
  });
});

describe('WTSEnumerateSessions', () => {
  it('lists Console (WTSActive) and Services (WTSDisconnected), the same in A and W (test 80)', async () => {
    const { t, api } = await consoleUser('carol');
    const w: Ref<WTS_SESSION_INFO[]> = {};
    const a: Ref<WTS_SESSION_INFO[]> = {};
    const nw: Ref<number> = {};
    const na: Ref<number> = {};
    assert.equal(await api.WTSEnumerateSessionsW(H, 0, 1, w, nw), true);
    assert.equal(await api.WTSEnumerateSessionsA(H, 0, 1, a, na), true);
    assert.ok(nw.value! >= 2);
    assert.equal(na.value, nw.value);
    assert.equal(w.value?.find((s) => s.pWinStationName === 'Console')?.State, c.WTSActive);
    assert.equal(a.value?.find((s) => s.pWinStationName === 'Console')?.State, c.WTSActive);
    assert.equal(w.value?.find((s) => s.pWinStationName === 'Services')?.State, c.WTSDisconnected);
    api.WTSFreeMemory(w.value);
    await t.system.close();
  });

  it('Reserved other than 0 or Version other than 1 fails with 87 (test 81)', async () => {
    const { t, api } = await consoleUser();
    for (const [r, v] of [
      [1, 1],
      [0, 2],
    ]) {
      assert.equal(await api.WTSEnumerateSessionsW(H, r!, v!, {}, {}), false);
      assert.equal(api.GetLastError(), 87);
    }
    assert.equal(await api.WTSEnumerateSessionsA(H, 0, 1, null, {}), false);
    assert.equal(api.GetLastError(), 87, 'null out-pointers too (Q24)');
    await t.system.close();
  });

  it('a session the caller may not query is not listed (test 82)', async () => {
    const { t, user, api } = await consoleUser();
    const bob = await t.logon('bob');
    const list: Ref<WTS_SESSION_INFO[]> = {};
    assert.equal(await api.WTSEnumerateSessionsW(H, 0, 1, list, {}), true);
    assert.deepEqual(
      list.value?.map((s) => s.SessionId),
      [user.sessionId],
    );
    assert.equal(
      list.value?.some((s) => s.SessionId === bob.sessionId),
      false,
    );
    await t.system.close();
  });

  it('WTSEnumerateSessionsExW leaves level 1, has null user and domain without a user, frees with class 2 (test 83)', async () => {
    const { t, kernel } = await consoleUser();
    const level: Ref<number> = { value: 1 };
    const list: Ref<WTS_SESSION_INFO_1[]> = {};
    const count: Ref<number> = {};
    assert.equal(await kernel.WTSEnumerateSessionsExW(H, level, 0, list, count), true);
    assert.equal(level.value, 1);
    const services = list.value!.find((s) => s.SessionId === 0)!;
    assert.deepEqual(
      [services.pUserName, services.pDomainName, services.pSessionName],
      [null, null, 'Services'],
    );
    assert.equal(list.value!.find((s) => s.pSessionName === 'Console')?.pUserName, 'alice');
    assert.equal(kernel.WTSFreeMemoryEx(c.WTSTypeSessionInfoLevel1, list.value, count.value!), true);
    assert.equal(kernel.WTSFreeMemoryEx(7, list.value, count.value!), false);
    assert.equal(kernel.GetLastError(), 87);
    assert.equal(await kernel.WTSEnumerateSessionsExW(H, { value: 2 }, 0, list, count), false);
    assert.equal(await kernel.WTSEnumerateSessionsExW(H, level, 1, list, count), false);
    assert.equal(kernel.GetLastError(), 87);
    await t.system.close();
  });
});

describe('WTSEnumerateProcesses', () => {
  it('bad Reserved or Version and null out-pointers fail with 87 (test 84)', async () => {
    const { t, api } = await consoleUser();
    const cases: [number, number, Ref<WTS_PROCESS_INFO[]> | null, Ref<number> | null][] = [
      [1, 1, {}, {}],
      [0, 0, {}, {}],
      [0, 2, {}, {}],
      [0, 1, null, {}],
      [0, 1, {}, null],
    ];
    for (const [r, v, info, count] of cases) {
      assert.equal(await api.WTSEnumerateProcessesW(H, r, v, info, count), false);
      assert.equal(api.GetLastError(), 87);
    }
    await t.system.close();
  });

  it("lists every process with its session, logond's own included, and clears the last error (test 85)", async () => {
    const { t, user, kernel } = await consoleUser();
    const p = await t.system.wts.startProgram(user.caller, 'current', 'sleep', ['5']);
    kernel.ctx.lastError = 123;
    const list: Ref<WTS_PROCESS_INFO[]> = {};
    const count: Ref<number> = {};
    assert.equal(await kernel.WTSEnumerateProcessesW(H, 0, 1, list, count), true);
    assert.equal(kernel.GetLastError(), 0);
    assert.equal(count.value, list.value?.length);
    const self = t.processes.self();
    assert.deepEqual(
      list.value?.map((x) => [x.ProcessId, x.SessionId, x.pProcessName]),
      [
        [self.pid, 0, 'node'],
        [p.pid, user.sessionId, 'sleep'],
      ],
    );
    await t.system.close();
  });

  it('WTSEnumerateProcessesExW with a null out-pointer fails with 87 and leaves the other alone (test 86)', async () => {
    const { t, kernel } = await consoleUser();
    const count: Ref<number> = { value: 7 };
    assert.equal(
      await kernel.WTSEnumerateProcessesExW(H, { value: 0 }, c.WTS_ANY_SESSION, null, count),
      false,
    );
    assert.deepEqual([kernel.GetLastError(), count.value], [87, 7]);
    const info: Ref<WTS_PROCESS_INFO[]> = { value: [] };
    assert.equal(
      await kernel.WTSEnumerateProcessesExW(H, { value: 0 }, c.WTS_ANY_SESSION, info, null),
      false,
    );
    assert.deepEqual([kernel.GetLastError(), info.value], [87, []]);
    const level1: Ref<WTS_PROCESS_INFO[]> = {};
    assert.equal(await kernel.WTSEnumerateProcessesExW(H, { value: 1 }, c.WTS_ANY_SESSION, level1, {}), true);
    assert.equal(kernel.WTSFreeMemoryEx(c.WTSTypeProcessInfoLevel1, level1.value, 1), true);
    await t.system.close();
  });
});

describe('WTSLogoffSession and WTSDisconnectSession', () => {
  it("another user's session without Reset: FALSE, 5, unchanged (test 87)", async () => {
    const { t, api } = await consoleUser();
    const bob = await t.logon('bob');
    const before = await t.rows();
    assert.equal(await api.WTSLogoffSession(H, bob.sessionId, true), false);
    assert.equal(api.GetLastError(), 5);
    assert.deepEqual(await t.rows(), before);
    await t.system.close();
  });

  it('an ordinary user may log off WTS_CURRENT_SESSION (test 88)', async () => {
    const { t, user, api } = await consoleUser();
    assert.equal(await api.WTSLogoffSession(H, ME, true), true);
    assert.equal(api.GetLastError(), 0);
    assert.equal(await api.WTSQuerySessionInformationW(H, user.sessionId, c.WTSConnectState, {}, {}), false);
    assert.equal(api.GetLastError(), 7022);
    await t.system.close();
  });

  it('a session id that does not exist: FALSE, 7022 (test 89)', async () => {
    const { t, kernel } = await consoleUser();
    assert.equal(await kernel.WTSLogoffSession(H, 31337, true), false);
    assert.equal(kernel.GetLastError(), 7022);
    await t.system.close();
  });

  it("WTSDisconnectSession of another user's session without Disconnect: FALSE, 5 (test 90)", async () => {
    const { t, api } = await consoleUser();
    const bob = await t.logon('bob');
    assert.equal(await api.WTSDisconnectSession(H, bob.sessionId, true), false);
    assert.equal(api.GetLastError(), 5);
    assert.equal(await api.WTSDisconnectSession(H, ME, false), true);
    await t.system.close();
  });
});

describe('WTS server handles and constants', () => {
  it('a handle closed by WTSCloseServer fails with 6 (test 91)', async () => {
    const { t, api } = await consoleUser();
    const h = api.WTSOpenServerW(t.system.computerName.toLowerCase());
    assert.notEqual(h, 0);
    assert.equal(await api.WTSEnumerateSessionsW(h, 0, 1, {}, {}), true);
    api.WTSCloseServer(h);
    assert.equal(await api.WTSEnumerateSessionsW(h, 0, 1, {}, {}), false);
    assert.equal(api.GetLastError(), 6);
    assert.equal(await api.WTSEnumerateSessionsW(0x4242, 0, 1, {}, {}), false);
    assert.equal(api.GetLastError(), 6);
    await t.system.close();
  });

  it('WTSOpenServer accepts this host by name, "", "localhost" and null; any other name gives 0 and 1722', async () => {
    const { t, api } = await consoleUser();
    for (const name of ['TESTHOST', 'testhost', '\\\\TESTHOST', '', 'localhost', null])
      assert.notEqual(api.WTSOpenServerA(name), 0, String(name));
    assert.notEqual(api.WTSOpenServerExW('TESTHOST'), 0);
    assert.equal(api.WTSOpenServerW('OTHERHOST'), 0);
    assert.equal(api.GetLastError(), 1722);
    assert.equal(await api.WTSGetActiveConsoleSessionId(), 1);
    await t.system.close();
  });

  it('the permission bits are the SDK values and ALL lacks LOGOFF (test 92)', () => {
    assert.deepEqual(
      [
        c.WTS_SECURITY_QUERY_INFORMATION,
        c.WTS_SECURITY_SET_INFORMATION,
        c.WTS_SECURITY_RESET,
        c.WTS_SECURITY_VIRTUAL_CHANNELS,
        c.WTS_SECURITY_REMOTE_CONTROL,
        c.WTS_SECURITY_LOGON,
        c.WTS_SECURITY_LOGOFF,
        c.WTS_SECURITY_MESSAGE,
        c.WTS_SECURITY_CONNECT,
        c.WTS_SECURITY_DISCONNECT,
        c.WTS_SECURITY_ALL_ACCESS,
      ],
      [0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0xf03bf],
    );
    assert.equal(WTS_SECURITY_ALL_ACCESS & c.WTS_SECURITY_LOGOFF, 0);
  });

  it('the handles, session constants and connect states have their SDK values (test 93)', () => {
    assert.deepEqual(
      [c.WTS_CURRENT_SERVER_HANDLE, c.WTS_CURRENT_SESSION, c.WTS_ANY_SESSION],
      [0, 0xffffffff, 0xfffffffe],
    );
    assert.deepEqual(
      [
        c.WTSActive,
        c.WTSConnected,
        c.WTSConnectQuery,
        c.WTSShadow,
        c.WTSDisconnected,
        c.WTSIdle,
        c.WTSListen,
        c.WTSReset,
        c.WTSDown,
        c.WTSInit,
      ],
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(
      [c.WTS_SESSION_LOGON, c.WTS_SESSION_LOGOFF, c.WTS_SESSION_CREATE, c.WTS_SESSION_TERMINATE],
      [5, 6, 0xa, 0xb],
    );
  });
});

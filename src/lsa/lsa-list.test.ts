/** LsaEnumerateLogonSessions + LsaGetLogonSessionData as one list (spec §2.12, §2.13 access, Q8). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Caller, TRUSTED_CALLER } from '../kernel/caller.ts';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { createTestEngine } from './_test-engine.ts';
import { createScriptedPackage } from './_test-package.ts';
import type { LogonSessionData } from './logon-session-data.ts';
import { Interactive } from './logon-type.ts';

const stores: [string, () => Store | undefined][] = [
  ['memory store', () => undefined],
  ['SQLite store', () => createSqliteStore({ path: ':memory:' })],
];

/** What the list must hold for `caller`: every session it may read, by the one-session rule. */
async function visibleTo(engine: Awaited<ReturnType<typeof createTestEngine>>, caller: Caller) {
  const all = await engine.lsa.enumerateLogonSessions();
  const seen: bigint[] = [];
  for (const luid of all) if ((await engine.lsa.getLogonSessionData(caller, luid)).data) seen.push(luid);
  return seen;
}

const ids = (list: LogonSessionData[]) => list.map((s) => s.logonId);

for (const [name, open] of stores) {
  describe(`Lsa.listLogonSessions (${name})`, () => {
    it("lists a user's sessions found by SID, their own session, and everything for administrators", async () => {
      const store = open();
      const engine = await createTestEngine({
        packages: [createScriptedPackage()],
        ...(store === undefined ? {} : { store }),
      });
      try {
        const logon = (user: string) =>
          engine.lsa.logonUser({
            package: 0,
            logonType: Interactive,
            authenticationInformation: { UserName: user },
          });
        const alice = [await logon('alice'), await logon('bob'), await logon('alice'), await logon('alice')];
        const callerOf = async (i: number) => (await engine.kernel.identify(alice[i]!.handle!))!;
        const a = await callerOf(0);
        const b = await callerOf(1);
        assert.notEqual(a.user, b.user);

        const aliceList = await engine.lsa.listLogonSessions(a);
        assert.deepEqual(ids(aliceList), [alice[0]!.logonId, alice[2]!.logonId, alice[3]!.logonId]);
        assert.deepEqual(ids(aliceList), await visibleTo(engine, a), 'the same sessions as one by one');
        assert.ok(aliceList.every((s) => s.sid === a.user && s.referenceCount === 1 && s.phase === 'active'));
        assert.deepEqual(ids(await engine.lsa.listLogonSessions(b)), [alice[1]!.logonId]);

        // A caller whose token belongs to another user still sees its own logon session (Q8).
        const borrowed: Caller = { ...a, logonId: alice[1]!.logonId! };
        assert.deepEqual(ids(await engine.lsa.listLogonSessions(borrowed)), [
          alice[0]!.logonId,
          alice[2]!.logonId,
          alice[3]!.logonId,
          alice[1]!.logonId,
        ]);
        assert.deepEqual(
          new Set(ids(await engine.lsa.listLogonSessions(borrowed))),
          new Set(await visibleTo(engine, borrowed)),
        );
        const stranger: Caller = { ...a, user: 'S-1-5-21-9-9-9-1001', logonId: 0x7777777n };
        assert.deepEqual(await engine.lsa.listLogonSessions(stranger), []);

        const admin: Caller = { ...b, groups: [...b.groups, 'S-1-5-32-544'] };
        const everything = await engine.lsa.enumerateLogonSessions();
        assert.deepEqual(ids(await engine.lsa.listLogonSessions(admin)), everything);
        assert.deepEqual(ids(await engine.lsa.listLogonSessions(TRUSTED_CALLER)), everything);

        // The data of an unchanged session is one frozen object; a changed kernel record, a new one.
        const again = await engine.lsa.listLogonSessions(a);
        assert.ok(again.every((s, i) => s === aliceList[i] && Object.isFrozen(s)));
        await engine.kernel.duplicateToken(alice[0]!.handle!, {}, { holder: 'client', bearer: false });
        const [dup, ...rest] = await engine.lsa.listLogonSessions(a);
        assert.notEqual(dup, aliceList[0]);
        assert.equal(dup!.referenceCount, 2);
        assert.ok(rest.every((s, i) => s === aliceList[i + 1]));

        // A session whose last handle closes ends (its cascade runs) and leaves the list.
        assert.equal(await engine.kernel.closeHandle(alice[2]!.handle!), 0);
        const deadline = Date.now() + 5000;
        while (ids(await engine.lsa.listLogonSessions(a)).includes(alice[2]!.logonId!)) {
          assert.ok(Date.now() < deadline, 'the closed session is still listed after 5 s');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.deepEqual(ids(await engine.lsa.listLogonSessions(a)), [alice[0]!.logonId, alice[3]!.logonId]);
      } finally {
        await engine.store.close();
      }
    });
  });
}

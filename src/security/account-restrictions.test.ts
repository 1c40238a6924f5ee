import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  STATUS_ACCOUNT_DISABLED,
  STATUS_INVALID_LOGON_HOURS,
  STATUS_INVALID_WORKSTATION,
  STATUS_PASSWORD_EXPIRED,
  STATUS_PASSWORD_MUST_CHANGE,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { checkAccountRestrictions, type RestrictedAccount } from './account-restrictions.ts';
import { createLogonHours } from './logon-hours.ts';

const MONDAY_0930 = Date.UTC(2024, 0, 8, 9, 30);
const at = { time: MONDAY_0930, workstation: 'WS1' };
const open: RestrictedAccount = {
  disabled: false,
  mustChangePassword: false,
  passwordExpires: null,
  logonHours: null,
  workstations: null,
};
const sundaysOnly = createLogonHours(Array.from({ length: 24 }, (_, h) => h));

test('checkAccountRestrictions lets an unrestricted account through', () => {
  assert.equal(checkAccountRestrictions(open, at), STATUS_SUCCESS);
  assert.equal(checkAccountRestrictions(open, { time: MONDAY_0930, workstation: '' }), STATUS_SUCCESS);
});

test('checkAccountRestrictions reports each restriction alone', () => {
  assert.equal(checkAccountRestrictions({ ...open, disabled: true }, at), STATUS_ACCOUNT_DISABLED);
  assert.equal(
    checkAccountRestrictions({ ...open, mustChangePassword: true }, at),
    STATUS_PASSWORD_MUST_CHANGE,
  );
  assert.equal(
    checkAccountRestrictions({ ...open, passwordExpires: MONDAY_0930 }, at),
    STATUS_PASSWORD_EXPIRED,
  );
  assert.equal(checkAccountRestrictions({ ...open, passwordExpires: MONDAY_0930 + 1 }, at), STATUS_SUCCESS);
  assert.equal(
    checkAccountRestrictions({ ...open, logonHours: sundaysOnly }, at),
    STATUS_INVALID_LOGON_HOURS,
  );
  assert.equal(checkAccountRestrictions({ ...open, workstations: ['WS2'] }, at), STATUS_INVALID_WORKSTATION);
  assert.equal(checkAccountRestrictions({ ...open, workstations: ['ws2', 'ws1'] }, at), STATUS_SUCCESS);
  assert.equal(
    checkAccountRestrictions({ ...open, workstations: ['WS1'] }, { ...at, workstation: '' }),
    STATUS_INVALID_WORKSTATION,
  );
});

test('checkAccountRestrictions applies the documented order when several apply', () => {
  const all: RestrictedAccount = {
    disabled: true,
    mustChangePassword: true,
    passwordExpires: 0,
    logonHours: sundaysOnly,
    workstations: ['WS9'],
  };
  assert.equal(checkAccountRestrictions(all, at), STATUS_ACCOUNT_DISABLED);
  assert.equal(checkAccountRestrictions({ ...all, disabled: false }, at), STATUS_PASSWORD_MUST_CHANGE);
  assert.equal(
    checkAccountRestrictions({ ...all, disabled: false, mustChangePassword: false }, at),
    STATUS_PASSWORD_EXPIRED,
  );
  assert.equal(
    checkAccountRestrictions(
      { ...all, disabled: false, mustChangePassword: false, passwordExpires: null },
      at,
    ),
    STATUS_INVALID_LOGON_HOURS,
  );
  assert.equal(
    checkAccountRestrictions(
      { ...all, disabled: false, mustChangePassword: false, passwordExpires: null, logonHours: null },
      at,
    ),
    STATUS_INVALID_WORKSTATION,
  );
});

/**
 * Users (administrators): local accounts with their groups and state; create, enable or disable,
 * reset a password, change group membership, delete. An ordinary user who opens this address
 * gets the daemon's own refusal, shown like every other problem.
 */
import { useCallback, useState } from 'preact/hooks';
import type { User } from '../../../src/client/index.ts';
import { ProblemMessage } from '../components/problem-message.tsx';
import { ViewHeader } from '../components/view-header.tsx';
import { formatTime } from '../lib/format.ts';
import { useConsole } from '../live/console-context.ts';
import { useLiveResource } from '../live/use-live-resource.ts';
import { CreateUserDialog } from './create-user-dialog.tsx';
import { DeleteUserDialog, GroupsDialog, PasswordDialog } from './user-dialogs.tsx';

const TYPES = ['account.'] as const;
const COLUMNS = 6;

type Dialog = { kind: 'create' } | { kind: 'password' | 'groups' | 'delete'; user: User };

/** The Users view. */
export function UsersView() {
  const { client, me, notify, fail } = useConsole();
  const load = useCallback(async () => {
    const [users, groups] = await Promise.all([client.listUsers(), client.listGroups()]);
    return { users, groups };
  }, [client]);
  const accounts = useLiveResource(load, { types: TYPES, what: 'Load users' });
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const users = accounts.data?.users ?? [];
  const groups = accounts.data?.groups ?? [];

  async function setDisabled(user: User, disabled: boolean): Promise<void> {
    setBusy(user.userName);
    try {
      await client.updateUser(user.userName, { disabled });
      notify({ kind: 'success', text: `${user.userName} is ${disabled ? 'disabled' : 'enabled'}.` });
    } catch (error) {
      fail(error, `${disabled ? 'Disable' : 'Enable'} ${user.userName}`);
    } finally {
      setBusy(undefined);
      accounts.reload();
    }
  }

  const done = (text: string): void => {
    setDialog(undefined);
    notify({ kind: 'success', text });
    accounts.reload();
  };

  return (
    <section aria-labelledby="users-title" class="view">
      <ViewHeader
        title="Users"
        id="users-title"
        summary={
          accounts.data === undefined
            ? me.administrator
              ? 'Loading…'
              : 'Local accounts are managed by administrators.'
            : `${users.length} local account${users.length === 1 ? '' : 's'}, ${groups.length} groups`
        }
        loading={accounts.loading}
        onRefresh={accounts.reload}
      >
        {accounts.data !== undefined && (
          <button type="button" class="primary" onClick={() => setDialog({ kind: 'create' })}>
            New user…
          </button>
        )}
      </ViewHeader>
      {accounts.problem !== undefined && <ProblemMessage problem={accounts.problem} />}
      {accounts.data !== undefined && (
        <table class="grid users" aria-label="Local users">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">SID</th>
              <th scope="col">Groups</th>
              <th scope="col">Status</th>
              <th scope="col">Password set</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.userName} data-user={u.userName} class={u.disabled ? 'disabled' : undefined}>
                <td data-label="User">
                  <strong>{u.userName}</strong>
                  {u.userName.toLowerCase() === me.userName.toLowerCase() && (
                    <span class="badge badge-own">you</span>
                  )}
                  {u.fullName !== '' && <span class="sub">{u.fullName}</span>}
                </td>
                <td data-label="SID">
                  <code class="sid">{u.sid}</code>
                </td>
                <td data-label="Groups">
                  {u.groups.map((g) => g.name).join(', ') || <span class="muted">none</span>}
                </td>
                <td data-label="Status">
                  <span class={`state ${u.disabled ? 'state-down' : 'state-active'}`}>
                    {u.disabled ? 'Disabled' : 'Enabled'}
                  </span>
                  {u.mustChangePassword && <span class="sub">must change password</span>}
                </td>
                <td data-label="Password set">
                  {u.passwordLastSet === null ? (
                    '—'
                  ) : (
                    <time dateTime={u.passwordLastSet}>{formatTime(u.passwordLastSet)}</time>
                  )}
                </td>
                <td data-label="Actions" class="actions">
                  <fieldset class="action-row">
                    <legend class="visually-hidden">{`Actions for ${u.userName}`}</legend>
                    <button
                      type="button"
                      disabled={busy === u.userName}
                      onClick={() => void setDisabled(u, !u.disabled)}
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                    <button type="button" onClick={() => setDialog({ kind: 'password', user: u })}>
                      Reset password…
                    </button>
                    <button type="button" onClick={() => setDialog({ kind: 'groups', user: u })}>
                      Groups…
                    </button>
                    <button
                      type="button"
                      class="danger"
                      onClick={() => setDialog({ kind: 'delete', user: u })}
                    >
                      Delete…
                    </button>
                  </fieldset>
                </td>
              </tr>
            ))}
            {users.length === 0 && (
              <tr>
                <td colSpan={COLUMNS} class="empty">
                  No local accounts.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'create' && (
        <CreateUserDialog groups={groups} onClose={() => setDialog(undefined)} onDone={done} />
      )}
      {dialog?.kind === 'password' && (
        <PasswordDialog user={dialog.user} onClose={() => setDialog(undefined)} onDone={done} />
      )}
      {dialog?.kind === 'groups' && (
        <GroupsDialog user={dialog.user} groups={groups} onClose={() => setDialog(undefined)} onDone={done} />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteUserDialog user={dialog.user} onClose={() => setDialog(undefined)} onDone={done} />
      )}
    </section>
  );
}

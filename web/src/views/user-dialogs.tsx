/** The Users view's dialogs on one user: reset its password, change its groups, delete it. */
import { useState } from 'preact/hooks';
import type { Group, User } from '../../../src/client/index.ts';
import { GroupChoices } from '../components/group-choices.tsx';
import { Modal } from '../components/modal.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useConsole } from '../live/console-context.ts';
import { formProblem, useSubmit } from '../live/use-submit.ts';
import type { DialogProps } from './create-user-dialog.tsx';

/** Sets a new password, optionally forcing a change at next logon. */
export function PasswordDialog({ user, onClose, onDone }: DialogProps & { user: User }) {
  const { client } = useConsole();
  const submit = useSubmit();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mustChange, setMustChange] = useState(user.mustChangePassword);
  return (
    <Modal title={`Reset the password of ${user.userName}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (password !== again) return submit.setProblem(formProblem('The two passwords differ.'));
          void submit.run('Reset the password', async () => {
            await client.setPassword(user.userName, password);
            if (mustChange !== user.mustChangePassword)
              await client.updateUser(user.userName, { mustChangePassword: mustChange });
            onDone(`The password of ${user.userName} is reset.`);
          });
        }}
      >
        {submit.problem !== undefined && <ProblemMessage problem={submit.problem} />}
        <input type="text" name="username" autocomplete="username" value={user.userName} hidden readOnly />
        <div class="field">
          <label for="reset-password">New password</label>
          <input
            id="reset-password"
            type="password"
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="reset-again">Confirm new password</label>
          <input
            id="reset-again"
            type="password"
            autocomplete="new-password"
            value={again}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
        </div>
        <div class="check">
          <input
            id="reset-must"
            type="checkbox"
            checked={mustChange}
            onChange={(e) => setMustChange(e.currentTarget.checked)}
          />
          <label for="reset-must">User must change the password at next logon</label>
        </div>
        <div class="modal-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Reset password'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Adds and removes group memberships; stops at the first refusal and says what was already done. */
export function GroupsDialog({
  user,
  groups,
  onClose,
  onDone,
}: DialogProps & { user: User; groups: readonly Group[] }) {
  const { client } = useConsole();
  const submit = useSubmit();
  const before = new Set(user.groups.map((g) => g.name));
  const [chosen, setChosen] = useState<ReadonlySet<string>>(before);
  return (
    <Modal title={`Groups of ${user.userName}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const add = groups.filter((g) => chosen.has(g.name) && !before.has(g.name)).map((g) => g.name);
          const remove = groups.filter((g) => !chosen.has(g.name) && before.has(g.name)).map((g) => g.name);
          if (add.length + remove.length === 0) return onClose();
          const changed: string[] = [];
          void submit.run(
            'Change group membership',
            async () => {
              for (const g of add) {
                await client.addGroupMember(g, user.userName);
                changed.push(`added to ${g}`);
              }
              for (const g of remove) {
                await client.removeGroupMember(g, user.userName);
                changed.push(`removed from ${g}`);
              }
              onDone(`${user.userName}: ${changed.join(', ')}.`);
            },
            () => (changed.length === 0 ? '' : `Already done: ${changed.join(', ')}.`),
          );
        }}
      >
        {submit.problem !== undefined && <ProblemMessage problem={submit.problem} />}
        <GroupChoices groups={groups} chosen={chosen} onChange={setChosen} legend="Member of" />
        <div class="modal-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Confirms deleting a user. */
export function DeleteUserDialog({ user, onClose, onDone }: DialogProps & { user: User }) {
  const { client } = useConsole();
  const submit = useSubmit();
  return (
    <Modal title={`Delete ${user.userName}?`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run('Delete the user', async () => {
            await client.deleteUser(user.userName);
            onDone(`User ${user.userName} is deleted.`);
          });
        }}
      >
        {submit.problem !== undefined && <ProblemMessage problem={submit.problem} />}
        <p>
          The account {user.userName} ({user.sid}) is removed with its group memberships. Its logon sessions
          already running are not ended; log off its sessions first if it must not keep working.
        </p>
        <div class="modal-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="danger" disabled={submit.busy}>
            {submit.busy ? 'Deleting…' : 'Delete user'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

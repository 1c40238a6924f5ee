/** The Users view's New user dialog: name, full name, password (twice), groups, flags. */
import { useState } from 'preact/hooks';
import type { Group } from '../../../src/client/index.ts';
import { GroupChoices } from '../components/group-choices.tsx';
import { Modal } from '../components/modal.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useConsole } from '../live/console-context.ts';
import { formProblem, useSubmit } from '../live/use-submit.ts';

/** What every user dialog is given. */
export interface DialogProps {
  onClose: () => void;
  /** The action succeeded; `text` says what happened. */
  onDone: (text: string) => void;
}

/** The groups a new user can be put in (Users is implied, so it is not offered). */
function offeredGroups(groups: readonly Group[]): Group[] {
  return groups.filter((g) => g.name.toLowerCase() !== 'users');
}

/** Creates a user. */
export function CreateUserDialog({ groups, onClose, onDone }: DialogProps & { groups: readonly Group[] }) {
  const { client } = useConsole();
  const submit = useSubmit();
  const [userName, setUserName] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [mustChange, setMustChange] = useState(false);
  const [disabled, setDisabled] = useState(false);

  return (
    <Modal title="New user" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (password !== again) return submit.setProblem(formProblem('The two passwords differ.'));
          void submit.run('Create the user', async () => {
            const body = {
              userName: userName.trim(),
              password,
              groups: [...chosen],
              mustChangePassword: mustChange,
              disabled,
            };
            const user = await client.createUser(
              fullName.trim() === '' ? body : { ...body, fullName: fullName.trim() },
            );
            onDone(`User ${user.userName} is created (${user.sid}).`);
          });
        }}
      >
        {submit.problem !== undefined && <ProblemMessage problem={submit.problem} />}
        <div class="field">
          <label for="new-user-name">User name</label>
          <input
            id="new-user-name"
            required
            autocomplete="off"
            spellcheck={false}
            value={userName}
            onInput={(e) => setUserName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="new-user-full">Full name (optional)</label>
          <input
            id="new-user-full"
            autocomplete="off"
            value={fullName}
            onInput={(e) => setFullName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="new-user-password">Password</label>
          <input
            id="new-user-password"
            type="password"
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="new-user-again">Confirm password</label>
          <input
            id="new-user-again"
            type="password"
            autocomplete="new-password"
            value={again}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
        </div>
        <GroupChoices
          groups={offeredGroups(groups)}
          chosen={chosen}
          onChange={setChosen}
          legend="Groups (besides Users)"
        />
        <div class="check">
          <input
            id="new-user-must"
            type="checkbox"
            checked={mustChange}
            onChange={(e) => setMustChange(e.currentTarget.checked)}
          />
          <label for="new-user-must">User must change the password at next logon</label>
        </div>
        <div class="check">
          <input
            id="new-user-disabled"
            type="checkbox"
            checked={disabled}
            onChange={(e) => setDisabled(e.currentTarget.checked)}
          />
          <label for="new-user-disabled">Account is disabled</label>
        </div>
        <div class="modal-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={submit.busy}>
            {submit.busy ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** A fieldset of group checkboxes, for the user dialogs. */
import type { Group } from '../../../src/client/index.ts';

/** Props of `GroupChoices`. */
export interface GroupChoicesProps {
  groups: readonly Group[];
  chosen: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
  legend: string;
}

/** The groups as checkboxes, those in `chosen` checked. */
export function GroupChoices({ groups, chosen, onChange, legend }: GroupChoicesProps) {
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      {groups.length === 0 && <p class="muted">No groups.</p>}
      {groups.map((g, i) => (
        <div class="check" key={g.name}>
          <input
            id={`group-choice-${i}`}
            type="checkbox"
            checked={chosen.has(g.name)}
            onChange={(e) => {
              const next = new Set(chosen);
              if (e.currentTarget.checked) next.add(g.name);
              else next.delete(g.name);
              onChange(next);
            }}
          />
          <label for={`group-choice-${i}`}>
            {g.name}
            {g.description !== '' && <span class="hint"> — {g.description}</span>}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

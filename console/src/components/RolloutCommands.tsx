import { ROLLOUT_COMMANDS, type RolloutCommand } from '../../../core/rollout/types';
import { ConfirmButton } from './ConfirmButton';

const LABEL: Readonly<Record<RolloutCommand, string>> = {
  pause: 'Pause',
  resume: 'Resume',
  halt: 'Halt',
  rollback: 'Roll back',
};

/** What the two commands that cannot be undone ask before they are given. */
const QUESTION: Partial<Record<RolloutCommand, string>> = {
  halt: 'Stop this rollout for good? Installations stay on the version they are on; only a rollback follows.',
  rollback: 'Return every installation this rollout moved to the version it ran before?',
};

/**
 * The operator's commands, each enabled only in the phases it fits (the same table the API
 * refuses the others by); halting and rolling back ask first.
 */
export function RolloutCommands({
  fits,
  onCommand,
}: {
  fits: (command: RolloutCommand) => boolean;
  onCommand: (command: RolloutCommand) => Promise<void>;
}) {
  return (
    <fieldset className="actions rollout-commands">
      <legend className="visually-hidden">Rollout commands</legend>
      {ROLLOUT_COMMANDS.map((command) => {
        const question = QUESTION[command];
        return question ? (
          <ConfirmButton
            key={command}
            label={LABEL[command]}
            question={<p>{question}</p>}
            danger
            disabled={!fits(command)}
            onConfirm={() => onCommand(command)}
          />
        ) : (
          <button
            key={command}
            type="button"
            disabled={!fits(command)}
            onClick={() => void onCommand(command)}
          >
            {LABEL[command]}
          </button>
        );
      })}
    </fieldset>
  );
}

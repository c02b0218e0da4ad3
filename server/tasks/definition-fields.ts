import { roleAtLeast, type Actor } from '../auth/actor';
import { AppError } from '../errors';
import { taskInputSchema } from './schemas';

// Who may change which field of an existing task: the one place that rule lives.
// Board fields are the team's arrangement of a card; an operator may edit them
// (the column moves through the board, pause/resume through their procedures).
// Everything else decides what runs, where, when and how often: the task's
// definition, which needs the editor role. A field added to the task input is a
// definition field unless it is added here: deny by default.

/** Fields of a task an operator may change. `status` (the column) is not edited but moved. */
export const TASK_BOARD_FIELDS = ['name', 'description', 'priority', 'labels', 'assignee', 'paused'] as const;
export type TaskBoardField = (typeof TASK_BOARD_FIELDS)[number];

type TaskInputField = keyof typeof taskInputSchema.shape;

/** Every other input field (command, http, handler, payload, cwd, env, key, kind, schedule, policies): editor and admin only. */
export const TASK_DEFINITION_FIELDS = (Object.keys(taskInputSchema.shape) as TaskInputField[]).filter(
  (field) => field !== 'status' && !(TASK_BOARD_FIELDS as readonly string[]).includes(field),
);

export const DEFINITION_ROLE = 'editor' as const;

export function isBoardField(field: string): boolean {
  return (TASK_BOARD_FIELDS as readonly string[]).includes(field);
}

/** True when the actor may change the task's definition (not only its board fields). */
export function mayDefineTasks(actor: Actor): boolean {
  return roleAtLeast(actor.role, DEFINITION_ROLE);
}

/**
 * Refuses (FORBIDDEN) a change to definition fields by an actor below editor.
 * `changed` are the task columns that would change; a column that is not a
 * board field (including derived ones such as scheduleKind) counts as definition.
 */
export function assertMayChangeTaskFields(actor: Actor, changed: readonly string[]): void {
  if (mayDefineTasks(actor)) return;
  const definition = changed.filter((field) => !isBoardField(field));
  if (definition.length === 0) return;
  throw new AppError(
    'FORBIDDEN',
    `Changing ${definition.join(', ')} needs the ${DEFINITION_ROLE} role; you are ${actor.role ?? 'without a role'} (you may change ${TASK_BOARD_FIELDS.join(', ')}).`,
    { issues: definition.map((path) => ({ path, message: `needs the ${DEFINITION_ROLE} role` })) },
  );
}

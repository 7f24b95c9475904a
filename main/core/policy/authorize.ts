// The single place where a command is authorized. The dispatcher calls it for every command, after
// parsing and before the handler runs. RBAC and dual control (a later issue) replace the body; the
// actor always comes from the core's own profile/session, never from the caller's payload.
import type { CommandName } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';

export interface AuthorizationRequest {
  command: CommandName;
  kind: 'query' | 'mutation';
  actor: string | null;
  input: unknown;
}

export type Authorizer = (req: AuthorizationRequest) => void | Promise<void>;

/** Until roles exist, every local command is allowed; changes need a profile to attribute them to. */
export const allowLocalProfile: Authorizer = (req) => {
  if (req.kind === 'mutation' && req.actor === null && req.command !== 'profile:set') {
    throw new AppError('profile_required', 'Choose a display name and handle first (profile:set); every change records who made it.');
  }
};

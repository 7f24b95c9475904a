// Inputs of the console's own commands: the local profile (app:, profile:).
import { handle, label, strict } from '../validation';


/** profile:set */
export const profileSetInput = strict({ displayName: label(80), handle });

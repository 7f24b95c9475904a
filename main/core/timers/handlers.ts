// The time-box and cadence commands; deadlines are stored, and the scheduler (scheduler.ts) watches them.
import { defineHandlers } from '../command';
import { listPolicies, listTimers, resolveTimer, setPolicy, startCadence, startTimer } from './timers';

export const timersHandlers = defineHandlers(['timers', 'cadence'], () => ({
  'timers:start': startTimer,
  'timers:list': listTimers,
  'timers:resolve': resolveTimer,
  'cadence:policies': listPolicies,
  'cadence:set-policy': setPolicy,
  'cadence:start': startCadence,
}));

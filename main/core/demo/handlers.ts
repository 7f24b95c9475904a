// The demo command: demo:load replays the exercise timeline into the current folder (load.ts). The
// full war room (roles, time-boxes, catalog, vault, outbox) is seeded by the shells into the demo's own
// folder through the dispatcher, one real command at a time (seed.ts), not by a command.
import { defineHandlers } from '../command';
import { loadDemo } from './load';

export const demoHandlers = defineHandlers(['demo'], () => ({
  'demo:load': (_i, ctx) => loadDemo(ctx),
}));

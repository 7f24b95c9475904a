import type { Migration } from '../migrate';

// Holds version 5's place so that 0006 can ship on its own: versions must run 1, 2, 3 … without a
// gap. It changes nothing. (A branch that adds a real 0005 replaces this file with its own.)
export const migration0005: Migration = {
  version: 5,
  name: 'reserved',
  async up() {},
};

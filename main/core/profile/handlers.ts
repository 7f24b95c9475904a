// The console's own commands: what it is (app:info) and who is at it (the local profile).
import { defineHandlers } from '../command';
import { SCHEMA_VERSION } from '../db/migrations';
import { demoAvailable } from '../demo/load';
import { profileRepo } from '../repositories/profileRepo';
import { APP_VERSION } from '../version';
import { setProfile } from './profile';

export interface ProfileDeps {
  dataDir: string;
  /** Said once at start when the database was damaged and replaced. */
  storageNotice: string | null;
}

export const profileHandlers = defineHandlers(['app', 'profile'], ({ dataDir, storageNotice }: ProfileDeps) => ({
  'app:info': async (_i, ctx) => ({
    version: APP_VERSION,
    schemaVersion: SCHEMA_VERSION,
    dataDir,
    profile: await profileRepo.get(ctx.db),
    demoAvailable: demoAvailable(ctx.resourcesDir),
    storageNotice,
  }),
  'profile:get': (_i, ctx) => profileRepo.get(ctx.db),
  'profile:set': setProfile,
}));

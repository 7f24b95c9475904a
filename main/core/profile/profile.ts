import type { ParsedInput } from '../../../shared/contract';
import type { Profile } from '../../../shared/domain/profile';
import { profileRepo } from '../repositories/profileRepo';
import type { CommandContext } from '../command';

export async function setProfile(input: ParsedInput<'profile:set'>, ctx: CommandContext): Promise<Profile> {
  const existing = await profileRepo.get(ctx.db);
  const profile: Profile = { displayName: input.displayName, handle: input.handle, createdAt: existing?.createdAt ?? new Date(ctx.now()).toISOString() };
  await profileRepo.upsert(ctx.db, profile);
  await ctx.log.append(ctx, { incidentId: null, actor: input.handle, kind: 'profile.set', payload: { displayName: input.displayName, handle: input.handle, previous: existing?.handle ?? null } });
  ctx.changed('profile');
  return profile;
}

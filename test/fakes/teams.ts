// Fake Microsoft Teams incoming webhook: POST a MessageCard, answer 200 with the text "1";
// 400 "Summary or Text is required." for an empty card; 429 with a text body when throttled.
import { FAKE_CREDENTIALS } from './credentials';
import { limiter, route, startFake, type RunningFake } from './server';

export interface TeamsFake extends RunningFake {
  posts: Array<{ title?: string; text?: string }>;
}

export async function startTeamsFake(opts: { port?: number; rateLimit?: boolean } = {}): Promise<TeamsFake> {
  const posts: TeamsFake['posts'] = [];
  let n = 0;
  const allow = limiter(4, 4);
  const fake = await startFake({ name: 'teams', ...opts }, ({ effects, rateLimited }) => [
    route('POST', /^\/webhookb2\/.+/, (req) => {
      if (req.path !== FAKE_CREDENTIALS.teams.path) return { status: 404, text: 'Webhook not found' };
      const b = (req.json ?? {}) as Record<string, unknown>;
      if ((typeof b.text !== 'string' || !b.text) && (typeof b.summary !== 'string' || !b.summary)) return { status: 400, text: 'Summary or Text is required.' };
      if (rateLimited() && !allow('hook')) return { status: 429, text: 'Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=sandbox' };
      posts.push({ ...(typeof b.title === 'string' ? { title: b.title } : {}), ...(typeof b.text === 'string' ? { text: b.text } : {}) });
      effects.record(String(b.commandPostDeliveryId ?? `post-${++n}`), 'post');
      return { status: 200, text: '1' };
    }),
  ]);
  return Object.assign(fake, { posts });
}

// A webhook RECEIVER as a careful consumer writes one: verify the HMAC-SHA256 signature over
// "<timestamp>.<body>" in constant time, reject stale timestamps (replays), and treat a repeated
// delivery id as already handled (200, no second effect).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { FAKE_CREDENTIALS } from './credentials';
import { route, startFake, type RunningFake } from './server';

export const WEBHOOK_TOLERANCE_S = 300;

/** An accepted delivery exactly as it arrived, so a test can check the signature itself. */
export interface WebhookDelivery {
  id: string;
  body: unknown;
  raw: string;
  timestamp: string;
  signature: string;
}

export interface WebhookFake extends RunningFake {
  deliveries: WebhookDelivery[];
}

export async function startWebhookFake(opts: { port?: number; secret?: string } = {}): Promise<WebhookFake> {
  const secret = opts.secret ?? FAKE_CREDENTIALS.webhook.secret;
  const seen = new Set<string>();
  const deliveries: WebhookFake['deliveries'] = [];
  const fake = await startFake({ name: 'webhook', ...opts }, ({ effects }) => [
    route('POST', /^\/.*/, (req) => {
      const ts = String(req.headers['x-commandpost-timestamp'] ?? '');
      const sig = String(req.headers['x-commandpost-signature'] ?? '');
      const id = String(req.headers['x-commandpost-delivery'] ?? '');
      if (!/^\d+$/.test(ts) || !id) return { status: 400, body: { error: 'missing X-CommandPost-Timestamp or X-CommandPost-Delivery' } };
      if (Math.abs(Date.now() / 1000 - Number(ts)) > WEBHOOK_TOLERANCE_S) return { status: 400, body: { error: 'stale timestamp (possible replay)' } };
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${ts}.${req.raw}`).digest('hex')}`);
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, body: { error: 'bad signature' } };
      if (seen.has(id)) return { status: 200, body: { ok: true, duplicate: true } };
      seen.add(id);
      deliveries.push({ id, body: req.json, raw: req.raw, timestamp: ts, signature: sig });
      effects.record(id, 'delivery', { type: (req.json as { type?: string } | null)?.type });
      return { status: 200, body: { ok: true } };
    }),
  ]);
  return Object.assign(fake, { deliveries });
}

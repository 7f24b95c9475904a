// The redactor for vendor text: the integration's own secret in every form it travels in, and
// anything shaped like a credential, become [redacted]; ordinary words and ids stay readable.
import { expect, test } from 'vitest';
import { redactor, secretVariants } from '../../../../main/core/sync/redact';

test('the secret, its JSON parts, a webhook URL path and their encodings are all found', () => {
  const pd = JSON.stringify({ routingKey: 'R0UT1NGKEY0123456789ABCDEFGHIJKL', apiToken: 'pd-rest-token-sandbox' });
  const r = redactor(secretVariants(pd));
  expect(r('bad key R0UT1NGKEY0123456789ABCDEFGHIJKL')).toBe('bad key [redacted]');
  expect(r(`echo ${encodeURIComponent(pd)} / ${JSON.stringify(pd)}`)).not.toMatch(/R0UT1NG|pd-rest-token/);
  const hook = redactor(secretVariants('https://example.webhook.office.com/webhookb2/abc-123/IncomingWebhook/x/y'));
  expect(hook('Webhook /webhookb2/abc-123/IncomingWebhook/x/y not found')).toBe('Webhook [redacted] not found');
  // HTTP Basic of "<account>:<token>", as Jira is called.
  const jira = redactor(secretVariants('jira-sandbox-token', ['bot@example.com']));
  const basic = Buffer.from('bot@example.com:jira-sandbox-token').toString('base64');
  expect(jira(`received ${basic}`)).toBe('received [redacted]');
});

test('credential-shaped values are redacted whoever they belong to', () => {
  const r = redactor([]);
  expect(r('Authorization: Bearer xoxp-2222-other-user-token')).toBe('Authorization: [redacted]');
  expect(r('{"headers":{"authorization":"GenieKey 0f3c8a4e-1b2d"},"routing_key":"ZZOTHER0123"}')).toBe('{"headers":{"authorization":"[redacted]"},"routing_key":"[redacted]"}');
  expect(r('sent Bearer abc.def-123 and Token token=9f8e7d6c and OAuth sp0auth-9f8e')).toBe('sent Bearer [redacted] and Token token=[redacted] and OAuth [redacted]');
  expect(r('GET /v1/x?token=s3cr3t-value&page=2')).toBe('GET /v1/x?token=[redacted]&page=2');
  expect(JSON.parse(r('{"ok":false,"token":"xoxb-1-2"}'))).toEqual({ ok: false, token: '[redacted]' });
});

test('ordinary text is left alone', () => {
  const r = redactor(secretVariants('short'));
  for (const t of ["Length of 'routing_key' is incorrect (should be 32 characters)", 'Basic authentication failed', 'OAuth 2.0 required', 'token expired', 'short answer', 'Request will be processed, requestId 8f2a-11']) {
    expect(r(t)).toBe(t);
  }
});

import { describe, expect, test } from 'vitest';
import { findLeaks, leakReason } from '../../../../main/core/sync/leakCheck';

describe('public text leak check', () => {
  test.each([
    ['db-7.prod.internal is down', 'hostname'],
    ['failover to api-3.eu-west-1.example.net', 'hostname'],
    ['primary at 10.12.0.7 unreachable', 'ip'],
    ['link-local fe80::1ff:fe23:4567:890a flapping', 'ip'],
    ['contact jane.doe@example.com for details', 'email'],
    ['token xoxb-123456789012-abcdefABCDEF leaked', 'token'],
    ['key AKIAIOSFODNN7EXAMPLE in logs', 'token'],
    ['password=hunter2hunter2', 'token'],
    ['see https://grafana.corp.example.com/d/abc', 'url'],
    ['Error: boom\n    at handler (/srv/app/index.js:12:5)', 'stack_trace'],
    ['session 9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc', 'token'],
  ])('%s → %s', (text, kind) => {
    expect(findLeaks(text).map((f) => f.kind)).toContain(kind);
    expect(leakReason(text)).toMatch(/^Not published: public text contains/);
  });

  test.each([
    'We are investigating an issue affecting some of our services. We will post an update within 30 minutes.',
    'Checkout is degraded for some customers in Europe.',
    'Version 2.3.1 rolled back; payments recovered at 14:05 UTC.',
    'A fix has been implemented and we are monitoring the results.',
  ])('clean public text passes: %s', (text) => {
    expect(findLeaks(text)).toEqual([]);
    expect(leakReason(text)).toBeNull();
  });

  test('an allowed public host is not a leak; the reason never repeats a whole token', () => {
    expect(leakReason('Details at https://status.example.com/incidents/1', { allowedHosts: ['status.example.com'] })).toBeNull();
    const reason = leakReason('token ghp_abcdefghijklmnopqrstuvwxyz0123456789')!;
    expect(reason).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
  });

  describe('two-label hostnames', () => {
    test.each(['db01.prod is degraded', 'failing over to cache01.eu', 'kafka-0.kafka-headless lagging', 'redis.prod restarted', 'api.staging answered 500s', 'DB01.internal unreachable', 'node7.lan', 'host ip-10-0-3-7.ec2 gone'])('%s → hostname', (text) => {
      expect(findLeaks(text).map((f) => f.kind)).toContain('hostname');
    });
  });

  describe('single-line stack frames', () => {
    test.each([
      'failed at foo (/srv/app.js:10:5)',
      'crash at /srv/app/index.js:12:5 after deploy',
      'File "x.py", line 3, in main',
      'Traceback shows the worker died',
      'at com.x.Y.z(Y.java:42)',
      'at org.acme.Billing.charge(Unknown Source)',
      'java.lang.NullPointerException when saving',
      'TypeError: Cannot read properties of undefined',
      'panic in /go/src/app/main.go:42',
      'at Acme.Billing.Charge() in C:\\build\\Billing.cs:line 42',
      'PHP Fatal error in /var/www/index.php(12)',
    ])('%s → stack_trace', (text) => {
      expect(findLeaks(text).map((f) => f.kind)).toContain('stack_trace');
    });
  });

  describe('look-alike punctuation and invisible characters are normalised before scanning', () => {
    test.each([
      ['db01\uFF0Eprod\uFF0Eexample\uFF0Ecom is down', 'hostname'], // full-width full stops
      ['primary 10\u30020\u30020\u30021 unreachable', 'ip'], // ideographic full stops
      ['primary 10\uFF61\u200B0\uFF610\uFF611 unreachable', 'ip'], // halfwidth ideographic, ZWSP
      ['db01\u2024internal down', 'hostname'], // one dot leader
      ['db01\u00B7prod\u00B7example\u00B7com down', 'hostname'], // middle dots
      ['mail ops\uFF20example.com', 'email'], // full-width at sign
      ['mail ops\uFE6Bexample.com', 'email'], // small at sign
      ['mail ops [at] example [dot] com', 'email'],
      ['key AKIA\u200BIOSFODNN7EXAMPLE in logs', 'token'], // zero-width space
      ['key AKIA\u00ADIOSF\u200DODNN7\u2060EXAMPLE in logs', 'token'], // soft hyphen, ZWJ, word joiner
      ['key \uFF21\uFF2B\uFF29\uFF21IOSFODNN7EXAMPLE in logs', 'token'], // full-width letters
      ['token xoxb\u2011123456789012-abcdefABCDEF leaked', 'token'], // non-breaking hyphen
      ['db-7\u202E.prod.internal', 'hostname'], // bidi override
      ['at foo (/srv/app\u200B.js:10:5)', 'stack_trace'],
    ])('%j → %s', (text, kind) => {
      expect(findLeaks(text).map((f) => f.kind)).toContain(kind);
    });
  });

  test.each([
    'We are investigating elevated error rates for checkout.',
    'We are investigating elevated error rates for checkout.We will update within 30 minutes.',
    'Version v2.3 is rolling out; v2.3.1 follows tomorrow and 1.5.0-beta is paused.',
    'Some payments (e.g. card payments) are slow, i.e. they take about 10 s.',
    'The next update is at 10.30 UTC; the previous one was at 09:45.',
    'Error rates returned to normal at 14:05.Payments recovered fully.',
    'Customers in the U.S. and EU may see delays; about 0.5% of requests failed.',
    'Our Node.js and ASP.NET services are unaffected.',
    'Mitigated after 1.5 hours; 99.95% of requests succeeded. Customers on plan B2.Some delays remain.',
    'We have identified the cause and a fix is being deployed to all regions.',
    'Scheduled maintenance window: 02:00–04:00 UTC (about 2 h).',
    '我们正在调查结账错误率升高的问题。下一次更新将在30分钟内发布。',
    'Status · Checkout · Degraded',
    'Ein Fehler bei Zahlungen wurde behoben. Wir beobachten die Ergebnisse.',
    'A monitoring alert fired at 3 a.m. and we are reviewing the results.',
    'The next update is at noon (12:00:00) or earlier, at the latest at 13:00.',
    'Payment errors fell from 4.2% to 0.1% after release 2026.11.3; see our FAQ.',
    'Nous enquêtons sur une hausse des erreurs de paiement. Prochaine mise à jour à 10h30.',
  ])('ordinary status prose passes: %s', (text) => {
    expect(findLeaks(text)).toEqual([]);
  });
});

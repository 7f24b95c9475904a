import { describe, expect, test } from 'vitest';
import { findLeaks, leakReason } from '../../../main/core/sync/leakCheck';

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
});

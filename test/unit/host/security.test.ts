import { describe, expect, test } from 'vitest';
import { isMediaType, parseMediaType } from '../../../main/host/security';

describe('media type parsing', () => {
  test('parses type, subtype and parameters exactly', () => {
    expect(parseMediaType('application/json')).toEqual({ type: 'application', subtype: 'json', params: {} });
    expect(parseMediaType('Application/JSON; Charset="UTF-8"; q=1')).toEqual({ type: 'application', subtype: 'json', params: { charset: 'UTF-8', q: '1' } });
    expect(parseMediaType('text/plain;x="a\\"b;c"')).toEqual({ type: 'text', subtype: 'plain', params: { x: 'a"b;c' } });
    expect(parseMediaType('application/json;')).toEqual({ type: 'application', subtype: 'json', params: {} });
  });

  test.each([undefined, '', 'json', 'application/', '/json', 'application/json-evil x', 'application/json, text/plain', 'application/json; charset', 'application/json; charset="utf-8', 'application/json; charset=utf-8; charset=latin1', 'application /json', 'application/json\u0000'])(
    'refuses %j',
    (header) => {
      expect(parseMediaType(header)).toBeNull();
    },
  );

  test.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/json;charset=UTF-8', true],
    ['application/json-evil', false],
    ['application/jsonx', false],
    ['text/json', false],
    ['application/merge-patch+json', false],
    ['application/json; charset=utf-16', false],
    ['application/json; charset=latin1', false],
  ])('%j is JSON: %s', (header, json) => {
    expect(isMediaType(header, 'application/json', { utf8Only: true })).toBe(json);
  });

  test('a charset matters only when asked for', () => {
    expect(isMediaType('application/octet-stream; charset=latin1', 'application/octet-stream')).toBe(true);
    expect(isMediaType('application/octet-streamx', 'application/octet-stream')).toBe(false);
  });
});

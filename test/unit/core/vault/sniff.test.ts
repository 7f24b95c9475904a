import { describe, expect, it } from 'vitest';
import { cleanName, contentDisposition } from '../../../../main/core/vault/names';
import { formatRecoveryKey, newRecoverySecret, parseRecoveryKey } from '../../../../main/core/vault/recovery';
import { extensionMismatch, previewKind, sniff } from '../../../../main/core/vault/sniff';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);

describe('content sniffing', () => {
  it('judges content by bytes, not names, and flags disagreements', () => {
    expect(sniff(png).contentType).toBe('image/png');
    expect(extensionMismatch('a.png', sniff(png))).toBe(false);
    expect(extensionMismatch('a.jpg', sniff(png))).toBe(true);
    expect(extensionMismatch('a.jpeg', sniff(jpeg))).toBe(false);
    expect(extensionMismatch('a.txt', sniff(png))).toBe(true);
    expect(extensionMismatch('report.pdf', sniff(Buffer.from('MZ\x90\x00')))).toBe(true);
    expect(extensionMismatch('page.png', sniff(Buffer.from('<!DOCTYPE html><p>hi')))).toBe(true);
    expect(extensionMismatch('page.html', sniff(Buffer.from('<!DOCTYPE html><p>hi')))).toBe(false);
    expect(extensionMismatch('server.log', sniff(Buffer.from('2026-11-24 ERROR x\n')))).toBe(false);
    expect(extensionMismatch('noext', sniff(png))).toBe(false);
  });

  it('never lets SVG or HTML preview as anything but text', () => {
    expect(previewKind(sniff(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')))).toBe('text');
    expect(previewKind(sniff(Buffer.from('<?xml version="1.0"?><svg/>')))).toBe('text');
    expect(previewKind(sniff(Buffer.from('<html><script>1</script>')))).toBe('text');
    expect(previewKind(sniff(png))).toBe('image');
    expect(previewKind(sniff(Buffer.from([0, 1, 2, 3, 0xfe])))).toBe('none');
  });
});

describe('names', () => {
  it('cleans names to one display component', () => {
    expect(cleanName('../../x/y.txt')).toBe('y.txt');
    expect(cleanName('C:\\a\\b.exe')).toBe('b.exe');
    expect(cleanName('LPT1.log')).toBe('_LPT1.log');
    expect(cleanName('\u202Egnp.exe')).toBe('gnp.exe');
    expect(cleanName('')).toBe('artifact');
    expect(contentDisposition('résumé "x".pdf')).toBe(`attachment; filename="r_sum_ _x_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20_x_.pdf`);
  });
});

describe('recovery key', () => {
  it('round-trips with lenient typing and catches typos', () => {
    const s = newRecoverySecret();
    const k = formatRecoveryKey(s);
    expect(parseRecoveryKey(k).equals(s)).toBe(true);
    expect(parseRecoveryKey(k.toLowerCase().replace(/-/g, ' ')).equals(s)).toBe(true);
    const typo = k.slice(0, 10) + (k[10] === '2' ? '3' : '2') + k.slice(11);
    expect(() => parseRecoveryKey(typo)).toThrow(/recovery key/);
  });
});

// The renderer page's CSP: strict in every built page, relaxed for inline scripts only on the dev server.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowInlineScriptsInDev, devCsp } from '../../../scripts/viteDevCsp';

const root = path.resolve(__dirname, '../../..');
const scriptSrc = (html: string) => /script-src ([^;"]*)/.exec(html)?.[1]?.trim();

describe('renderer CSP', () => {
  it('the source page allows scripts from the app only', () => {
    const html = fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
    expect(scriptSrc(html)).toBe("'self'");
    expect(html).toMatch(/object-src 'none'/);
  });

  it('the dev server alone may run the inline refresh preamble', () => {
    const html = fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
    expect(scriptSrc(allowInlineScriptsInDev(html))).toBe("'self' 'unsafe-inline'");
    expect(devCsp.apply).toBe('serve');
  });

  // npm test builds before the unit tests; run alone without a build, this one is reported skipped.
  const built = path.join(root, 'out/renderer/index.html');
  it.skipIf(!fs.existsSync(built))('the built page keeps the strict policy', () => {
    expect(scriptSrc(fs.readFileSync(built, 'utf8'))).toBe("'self'");
  });
});

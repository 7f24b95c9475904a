import { describe, expect, it } from 'vitest';
import { isTruthyCi } from '../../helpers/ci';

describe('the CI flag', () => {
  it('treats every common CI spelling as CI', () => {
    for (const v of ['true', 'TRUE', '1', 'yes', 'on', 'github-actions']) expect(isTruthyCi(v), v).toBe(true);
  });
  it('treats unset, empty and explicit no as a developer machine', () => {
    for (const v of [undefined, '', ' ', '0', 'false', 'False', 'no', 'off']) expect(isTruthyCi(v), String(v)).toBe(false);
  });
});

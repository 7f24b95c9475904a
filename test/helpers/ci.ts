// One reading of the CI variable for tests and fixtures: under CI nothing may be skipped for lack of a tool.
import { isTruthyCi } from '../../scripts/ci.mjs';

export { isTruthyCi };
export const IS_CI = isTruthyCi(process.env.CI);

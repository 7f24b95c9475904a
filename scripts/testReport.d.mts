export declare const SUITES: readonly string[];
export interface Totals { passed: number; failed: number; skipped: number }
export declare function playwrightTests(report: unknown): Array<{ title: string; status: string }>;
export declare function verdict(r: {
  root: string;
  ci: boolean;
  steps: Array<{ name: string; ok: boolean }>;
  vitest: unknown;
  vitestOk: boolean;
  e2e: 'ran' | 'no-chromium' | 'not-built';
  playwright: unknown;
  playwrightOk: boolean;
  e2eListed: number;
  allowedSkips: Array<{ test: string; reason: string }>;
  minimums: Record<string, number>;
  chromiumPath?: string;
}): { totals: Totals; failures: string[]; suites: Record<string, number>; skipped: string[]; e2eNotice: string | null };

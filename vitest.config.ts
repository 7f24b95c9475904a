import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        test: { name: 'renderer', include: ['test/renderer/**/*.test.{ts,tsx}'], exclude: ['test/renderer/**/*.newYork.test.{ts,tsx}'], environment: 'happy-dom' },
      },
      {
        // The same renderer tests' setup in a browser whose local zone is not UTC (and has DST), so a
        // time shown in the machine's zone instead of the chosen one fails.
        plugins: [react()],
        test: { name: 'renderer-new-york', include: ['test/renderer/**/*.newYork.test.{ts,tsx}'], environment: 'happy-dom', env: { TZ: 'America/New_York' } },
      },
    ],
  },
});

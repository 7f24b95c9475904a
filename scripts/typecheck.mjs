// Type-check each runtime with its own lib set: shared/ sees neither DOM nor Node, main/core sees no
// DOM, the renderer sees no Node. A wrong-runtime API is a compile error here.
import { spawnSync } from 'node:child_process';

const projects = ['tsconfig.shared.json', 'tsconfig.node.json', 'tsconfig.electron.json', 'tsconfig.renderer.json', 'tsconfig.test.json'];
let failed = 0;
for (const p of projects) {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', p, '--pretty', 'false'], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`typecheck: ${p} failed`);
  }
}
process.exit(failed ? 1 : 0);

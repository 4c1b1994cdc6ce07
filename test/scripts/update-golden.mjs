#!/usr/bin/env node
// The only way to rewrite the golden files (Nix emitters in test/golden/nix, report formats in
// test/golden/report): `npm run test:golden:update`. Without --update it compares and exits 1 when a
// golden file is missing, stale or different. The report cases run the built CLI: build first.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register();
const { goldenOutputs } = await import("../support/nix-cases.ts");
const { reportGoldenOutputs } = await import("../support/report-cases.ts");
const update = process.argv.includes("--update");
let bad = 0;
let total = 0;
for (const [sub, want, ext] of [
  ["nix", goldenOutputs(), ".nix"],
  ["report", reportGoldenOutputs(), null],
]) {
  const dir = fileURLToPath(new URL(`../golden/${sub}/`, import.meta.url));
  total += want.size;
  check(dir, want, ext);
}

function check(dir, want, ext) {
  const have = existsSync(dir) ? readdirSync(dir).filter((f) => ext === null || f.endsWith(ext)) : [];
  for (const f of have) {
    if (want.has(f)) continue;
    if (update) rmSync(join(dir, f));
    else console.error(`stale: ${f}`);
    bad++;
  }
  for (const [f, text] of want) {
    const path = join(dir, f);
    const old = existsSync(path) ? readFileSync(path, "utf8") : null;
    if (old === text) continue;
    bad++;
    if (update) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, text);
    } else console.error(`${old === null ? "missing" : "differs"}: ${f}`);
  }
}
if (update) console.log(`${bad} golden file(s) rewritten or removed`);
else if (bad > 0) {
  console.error("run: npm run test:golden:update");
  process.exitCode = 1;
} else console.log(`${total} golden files match`);

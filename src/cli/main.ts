#!/usr/bin/env node
// The bin entry: arguments -> scan -> render -> exit status (0 clean, 1 findings, 2 error). It holds
// what `--version` needs; the command proper (src/cli/run.ts and all it imports) is dist/run.cjs beside
// it, loaded only to scan, with the V8 code cache the build made for it (src/io/code-cache.ts), and the
// soname table is dist/sonames.json, which the command reads when it first maps a library.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCommonJs } from "../io/code-cache.js";
import { VERSION } from "../version.js";
import { keepYoungGenerationSmall, optimiseOnlyHotCode } from "./heap.js";
import type * as Command from "./run.js";

// A reader that stops early (`nix-bincheck --json | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && argv[0] === "--version") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // Before the code is loaded: V8's flags are part of what a code cache must match (the build sets them too).
  keepYoungGenerationSmall();
  optimiseOnlyHotCode();
  const file = fileURLToPath(new URL("./run.cjs", import.meta.url));
  let command: typeof Command;
  try {
    command = loadCommonJs(file, `${file}.v8-cache`).exports as typeof Command;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT" && (e as NodeJS.ErrnoException).code !== "EACCES") throw e;
    process.stderr.write(
      `nix-bincheck: error: cannot load the scanner ${file}, which the command loads to scan: ${(e as Error).message}; reinstall nix-bincheck (in a checkout: npm run build)\n`,
    );
    return 2;
  }
  const { run, useShippedTable } = command;
  useShippedTable(dirname(file));
  return run(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), arch: process.arch });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`nix-bincheck: internal error: ${(e as Error)?.stack ?? String(e)}\nPlease report this with the command line that caused it.\n`);
    process.exitCode = 2;
  },
);

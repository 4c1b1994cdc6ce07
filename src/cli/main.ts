#!/usr/bin/env node
// The bin entry: arguments -> scan -> render -> exit status (0 clean, 1 findings, 2 error).
import { VERSION } from "../version.js";
import { keepYoungGenerationSmall, optimiseOnlyHotCode } from "./heap.js";

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
  keepYoungGenerationSmall();
  optimiseOnlyHotCode();
  const { run } = await import("./run.js");
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

// A build step, not part of the command: src/build.sh runs it (as dist/code-cache.mjs) after bundling,
// when node is there. It loads dist/run.cjs, runs the command as a scan of an npm tree would (JSON and
// the table) so that V8 compiles the functions a scan runs, and saves the result as
// dist/run.cjs.v8-cache (src/io/code-cache.ts). The tree is made in a temporary directory from what any
// build machine has: this node's executable and the C library it has loaded, as a package's addon and
// tool. `--check` says whether this node accepts the saved cache (exit 0) or not (exit 1).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { loadCommonJs, writeCodeCache } from "../io/code-cache.js";
import { keepYoungGenerationSmall, optimiseOnlyHotCode } from "./heap.js";
import type * as Command from "./run.js";

const file = fileURLToPath(new URL("./run.cjs", import.meta.url));
const cacheFile = `${file}.v8-cache`;

// The V8 settings the command runs with (src/cli/main.ts): a cache made under other flags is refused.
keepYoungGenerationSmall();
optimiseOnlyHotCode();

/** A small npm tree: a package with an addon (a copy of the loaded libc), a tool of the same, and a bin script. */
function warmTree(): string {
  const dir = mkdtempSync(join(tmpdir(), "nix-bincheck-warm-"));
  const pkg = join(dir, "node_modules/warm");
  mkdirSync(join(pkg, "build/Release"), { recursive: true });
  mkdirSync(join(pkg, "bin"));
  mkdirSync(join(dir, "node_modules/.bin"));
  writeFileSync(join(pkg, "package.json"), `${JSON.stringify({ name: "warm", version: "1.0.0", bin: { warm: "cli.js" } })}\n`);
  writeFileSync(join(pkg, "cli.js"), "#!/usr/bin/env node\n", { mode: 0o755 });
  symlinkSync("../warm/cli.js", join(dir, "node_modules/.bin/warm"));
  let maps = "";
  try {
    maps = readFileSync("/proc/self/maps", "utf8");
  } catch {
    // No /proc (a bare chroot): the tree gets no ELF files, and the scan of node's executable still warms most.
  }
  const libc = maps
    .split("\n")
    .map((line) => line.slice(line.indexOf("/")))
    .find((path) => /\/libc\.so\.6$/.test(path));
  if (libc !== undefined) {
    copyFileSync(libc, join(pkg, "build/Release/warm.node"));
    copyFileSync(libc, join(pkg, "bin/warm"));
  }
  return dir;
}

if (process.argv[2] === "--check") {
  const { cache } = loadCommonJs(file, cacheFile);
  process.stdout.write(`${cache}\n`);
  process.exitCode = cache === "accepted" ? 0 : 1;
} else {
  const loaded = loadCommonJs(file, null);
  const { run, useShippedTable } = loaded.exports as typeof Command;
  useShippedTable(dirname(file));
  const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  const tree = warmTree();
  try {
    const world = { stdout: discard(), stderr: discard(), env: {}, cwd: tree, arch: process.arch, osRelease: null };
    for (const format of ["json", "table"])
      run(["--format", format, "--target", "generic", "--no-nix-locate", "--no-host-pass", "node_modules", process.execPath], world);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
  const bytes = writeCodeCache(loaded, file, cacheFile);
  process.stdout.write(`code cache: ${cacheFile} (${bytes} bytes)\n`);
}

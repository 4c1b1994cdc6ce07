// The command's V8 settings (src/cli/heap.ts), observed from inside the built command's process: a
// preloaded module reads the heap's spaces when it starts and when it exits, and V8's --trace-opt
// lists what its optimising compiler compiled. Without the settings (a preloaded module that makes
// v8.setFlagsFromString do nothing) the same scan grows the young generation and optimises ~8 times
// as many functions.
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, tempDir } from "../support/run-cli.js";

const YOUNG = [
  'import { getHeapSpaceStatistics } from "node:v8";',
  'const young = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;',
  "const atStart = young();",
  'process.on("exit", () => process.stderr.write(`young generation: ${atStart} ${young()}\\n`));',
].join("\n");

const NO_SETTINGS = [
  'import v8 from "node:v8";',
  'import { syncBuiltinESMExports } from "node:module";',
  "v8.setFlagsFromString = () => {};",
  "syncBuiltinESMExports();",
].join("\n");

const preload = (source: string) => ["--import", `data:text/javascript,${encodeURIComponent(source)}`];

describe("the command's V8 settings", () => {
  let tree: string;
  const scan = (nodeArgs: string[]) => {
    const r = spawnSync(process.execPath, [...nodeArgs, CLI, "--json", "--no-nix-locate", tree], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    expect(r.status, r.stderr).toBe(0);
    return r;
  };
  beforeAll(() => {
    // 200 directories of 20 small files and 20 symlinks: the report holds every symlink, and the walk's
    // listings survive collections, enough for V8 to double the young generation at least once.
    tree = tempDir();
    for (let i = 0; i < 200; i++) {
      const dir = join(tree, `d${i}`);
      mkdirSync(dir);
      for (let j = 0; j < 20; j++) {
        writeFileSync(join(dir, `file-${j}.txt`), "x\n");
        symlinkSync(`file-${j}.txt`, join(dir, `link-${j}`));
      }
    }
  });

  it("keep the young generation at its start-up size through a scan that keeps ~8,000 records", () => {
    const r = scan(preload(YOUNG));
    expect(JSON.parse(r.stdout).summary.symlinks).toBe(4000);
    const m = /young generation: (\d+) (\d+)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    // At start-up V8 has set up one semi-space (its to-space); the first collection adds the second of
    // the same size. Twice the start-up size is the young generation not grown; without the bound this
    // scan ends with four times (each semi-space doubled).
    expect(Number(m![2])).toBeLessThanOrEqual(2 * Number(m![1]));
  });

  it("leave code that runs briefly to the baseline tiers: the optimising compiler compiles a fraction of what it did", () => {
    const compiled = (r: { stdout: string }) => r.stdout.split("\n").filter((l) => /^\[completed compiling .*TURBOFAN/.test(l)).length;
    const bounded = compiled(scan(["--trace-opt"]));
    const unbounded = compiled(scan([...preload(NO_SETTINGS), "--trace-opt"]));
    // Measured: 2 (Node's own start-up, before the command runs) against 16.
    expect(unbounded).toBeGreaterThan(8);
    expect(bounded * 4).toBeLessThan(unbounded);
  });
});

// The command keeps V8's young generation at its start-up size (src/cli/heap.ts): without that, a scan
// that keeps thousands of records doubles it, and the peak RSS of `--json /usr/lib` is ~110 MB
// instead of ~75 MB. Observed from inside the built command's process through a preloaded module that
// reads the heap's spaces when it starts and when it exits.
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, tempDir } from "../support/run-cli.js";

const PROBE = [
  'import { getHeapSpaceStatistics } from "node:v8";',
  'const young = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;',
  "const atStart = young();",
  'process.on("exit", () => process.stderr.write(`young generation: ${atStart} ${young()}\\n`));',
].join("\n");

describe("the command's young generation", () => {
  it("keeps its start-up size through a scan that keeps ~8,000 records (it doubles without the bound)", () => {
    // 200 directories of 20 small files and 20 symlinks: the report holds every symlink, and the walk's
    // listings survive collections, enough for V8 to double the young generation at least once.
    const tree = tempDir();
    for (let i = 0; i < 200; i++) {
      const dir = join(tree, `d${i}`);
      mkdirSync(dir);
      for (let j = 0; j < 20; j++) {
        writeFileSync(join(dir, `file-${j}.txt`), "x\n");
        symlinkSync(`file-${j}.txt`, join(dir, `link-${j}`));
      }
    }
    const r = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(PROBE)}`, CLI, "--json", "--no-nix-locate", tree], {
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary.symlinks).toBe(4000);
    const m = /young generation: (\d+) (\d+)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    // At start-up V8 has set up one semi-space (its to-space); the first collection adds the second of
    // the same size. Twice the start-up size is the young generation not grown; without the bound this
    // scan ends with four times (each semi-space doubled).
    expect(Number(m![2])).toBeLessThanOrEqual(2 * Number(m![1]));
  });
});

// src/io/code-cache.ts: the command's code compiled from V8's code cache when the cache was made for
// exactly that source, and compiled as usual otherwise: a damaged, foreign or stale cache is never
// handed to V8 (which trusts its bytes: a flipped bit crashed node when this was written).
//
// Each load runs in a new node, as the command does: in one process V8 answers a second compile of the
// same source from its own in-memory cache and never looks at the file.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeCacheState } from "../../src/io/code-cache.js";
import { tempDir } from "../support/run-cli.js";

/** src/io/code-cache.ts bundled for the child processes. */
let loader = "";
beforeAll(() => {
  loader = join(tempDir("nbc-cc-loader-"), "code-cache.mjs");
  buildSync({
    entryPoints: [new URL("../../src/io/code-cache.ts", import.meta.url).pathname],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: loader,
    logLevel: "warning",
  });
});

/** Loads `file` in a new node (with the cache, or none); with `write`, then saves its cache (optionally with other bytes). */
function load(file: string, cacheFile: string | null, write?: { payload?: string }): { cache: CodeCacheState; exports: unknown } {
  const code = `
    import { loadCommonJs, writeCodeCache } from ${JSON.stringify(loader)};
    const loaded = loadCommonJs(${JSON.stringify(file)}, ${JSON.stringify(cacheFile)});
    const write = ${JSON.stringify(write ?? null)};
    if (write !== null) {
      if (write.payload !== undefined) loaded.script.createCachedData = () => Buffer.from(write.payload);
      writeCodeCache(loaded, ${JSON.stringify(file)}, ${JSON.stringify(`${file}.v8-cache`)});
    }
    process.stdout.write(JSON.stringify({ cache: loaded.cache, exports: loaded.exports }));`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", env });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

/** A CommonJS file with enough functions for V8 to cache, exporting what its functions compute. */
function script(dir: string, marker: number): string {
  const file = join(dir, "command.cjs");
  const fns = Array.from({ length: 40 }, (_, i) => `function f${i}(x) { return x * ${i} + ${marker}; }`).join("\n");
  writeFileSync(
    file,
    `"use strict";\n${fns}\nexports.total = [${Array.from({ length: 40 }, (_, i) => `f${i}(2)`).join(", ")}].reduce((a, b) => a + b, 0);\nexports.path = __filename;\n`,
  );
  return file;
}

const total = (marker: number) => Array.from({ length: 40 }, (_, i) => 2 * i + marker).reduce((a, b) => a + b, 0);

describe("the code cache", () => {
  it("runs the file as CommonJS without a cache, and with the one it made", () => {
    const dir = tempDir("nbc-cc-");
    const file = script(dir, 7);
    const cacheFile = `${file}.v8-cache`;
    const first = load(file, cacheFile, {});
    expect(first).toEqual({ cache: "absent", exports: { total: total(7), path: file } });
    expect(readFileSync(cacheFile).length).toBeGreaterThan(32);
    expect(load(file, cacheFile)).toEqual({ cache: "accepted", exports: { total: total(7), path: file } });
  });

  it("does not hand V8 a damaged, truncated or foreign cache, and the code still runs", () => {
    const dir = tempDir("nbc-cc-");
    const file = script(dir, 3);
    const cacheFile = `${file}.v8-cache`;
    load(file, null, {});
    const good = readFileSync(cacheFile);
    const cases: [string, Buffer][] = [
      ["one bit of the cache flipped", Buffer.from(good.map((b, i) => (i === good.length - 100 ? b ^ 1 : b)))],
      ["truncated", good.subarray(0, good.length >> 1)],
      ["only a digest", good.subarray(0, 32)],
      ["empty", Buffer.alloc(0)],
    ];
    for (const [what, bytes] of cases) {
      writeFileSync(cacheFile, bytes);
      expect(load(file, cacheFile), what).toEqual({ cache: "mismatch", exports: { total: total(3), path: file } });
    }
    // The source changed after the cache was made, keeping its length (V8's own check is the length).
    writeFileSync(cacheFile, good);
    script(dir, 4);
    expect(load(file, cacheFile)).toEqual({ cache: "mismatch", exports: { total: total(4), path: file } });
  });

  it("a cache that is ours but that V8 refuses (bytes that are not a code cache) is reported as rejected", () => {
    const dir = tempDir("nbc-cc-");
    const file = script(dir, 5);
    const cacheFile = `${file}.v8-cache`;
    // A payload that is not V8's, under the digest of this source and that payload.
    load(file, null, { payload: "not a V8 code cache, just bytes under the right digest" });
    expect(load(file, cacheFile)).toEqual({ cache: "rejected", exports: { total: total(5), path: file } });
  });
});

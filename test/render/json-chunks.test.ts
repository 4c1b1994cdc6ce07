// --json is written as it is rendered (jsonChunks): the pieces must make exactly the one document.
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline.js";
import { jsonChunks, renderJson } from "../../src/render/json.js";
import { TEST_TODAY } from "../support/run-cli.js";
import { exe, lib, writeTree } from "../support/tree.js";

function report() {
  const root = writeTree({
    "bin/tool": exe({ needed: ["libfoo.so.1", "libmissing.so.2", "libc.so.6"], runpath: "$ORIGIN/../lib" }),
    "lib/libfoo.so.1": lib({ soname: "libfoo.so.1", needed: ["libc.so.6"] }),
    "odd\nname": exe({ needed: ["libc.so.6"] }),
    "run.sh": { text: "#!/bin/bash\necho\n", mode: 0o755 },
  });
  return runPipeline({
    roots: [root],
    cwd: root,
    arch: "x64",
    nixpkgs: "25.11",
    today: TEST_TODAY,
    osRelease: null,
    flakeLock: false,
    buildHostPass: false,
    nixLocate: false,
    env: {},
  });
}

describe("jsonChunks", () => {
  it("gives the two-space JSON document in pieces, arrays one element at a time", () => {
    const r = report();
    const chunks = [...jsonChunks(r)];
    const text = chunks.join("");
    expect(text).toBe(renderJson(r));
    // The text is what JSON.stringify(document, null, 2) prints: re-printing the parsed document gives it back.
    expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`).toBe(text);
    expect(JSON.parse(text).files.map((f: { path: string }) => f.path.split("/").pop())).toEqual(["tool", "libfoo.so.1", "odd\nname"]);
    // Each file is its own piece: nothing holds the whole list as one string.
    expect(chunks.length).toBeGreaterThan(JSON.parse(text).files.length + Object.keys(JSON.parse(text)).length);
  });

  it("prints empty arrays and objects as JSON.stringify does", () => {
    const r = { ...report(), files: [], symlinks: [], scripts: [] };
    const text = renderJson(r);
    expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`).toBe(text);
    expect(text).toContain('"files": []');
  });
});

// --json is written as it is rendered (jsonChunks): the pieces must make exactly the one document.
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline.js";
import { jsonChunks, renderJson } from "../../src/render/json.js";
import { TEST_TODAY } from "../support/run-cli.js";
import { exe, lib, writeTree } from "../support/tree.js";

const OPTIONS = {
  arch: "x64",
  nixpkgs: "25.11",
  today: TEST_TODAY,
  osRelease: null,
  flakeLock: false,
  buildHostPass: false,
  nixLocate: false,
  env: {},
} as const;

function report() {
  const root = writeTree({
    "bin/tool": exe({ needed: ["libfoo.so.1", "libmissing.so.2", "libc.so.6"], runpath: "$ORIGIN/../lib" }),
    "lib/libfoo.so.1": lib({ soname: "libfoo.so.1", needed: ["libc.so.6"] }),
    "odd\nname": exe({ needed: ["libc.so.6"] }),
    "run.sh": { text: "#!/bin/bash\necho\n", mode: 0o755 },
  });
  return runPipeline({ ...OPTIONS, roots: [root], cwd: root });
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

  it("prints no piece longer than one element: arrays an element at a time, the document and its sections a property at a time", () => {
    // 150 executables: 64 files at a time (the old batches) would make one piece of ~64 records.
    const spec: Parameters<typeof writeTree>[0] = {};
    for (let i = 0; i < 150; i++) spec[`bin/tool-${i}`] = exe({ needed: [`libgone${i}.so.1`, "libc.so.6"] });
    const r = runPipeline({ ...OPTIONS, roots: [writeTree(spec)], cwd: "/" });
    const chunks = [...jsonChunks(r)];
    const text = chunks.join("");
    expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`).toBe(text);
    const doc = JSON.parse(text) as Record<string, unknown> & { mapping: Record<string, unknown> };
    expect((doc.mapping.unmapped as unknown[]).length).toBe(150);
    // The longest element of any array of the document or of "mapping", as printed at its depth.
    const printed = (el: unknown, depth: number) => JSON.stringify(el, null, 2).replaceAll("\n", `\n${"  ".repeat(depth)}`).length;
    let longest = 0;
    for (const v of Object.values(doc)) if (Array.isArray(v)) for (const el of v) longest = Math.max(longest, printed(el, 2));
    for (const v of Object.values(doc.mapping)) if (Array.isArray(v)) for (const el of v) longest = Math.max(longest, printed(el, 3));
    // An element with its separator, newline and indent (at most ",\n" and 6 spaces).
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(longest + 8);
  });

  it("prints empty arrays and objects as JSON.stringify does", () => {
    const r = { ...report(), files: [], symlinks: [], scripts: [] };
    const text = renderJson(r);
    expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`).toBe(text);
    expect(text).toContain('"files": []');
  });
});

// Real prebuilt npm packages (fixtures/npm-tree, installed by .ci/run with --ignore-scripts): bundled
// libraries reached through $ORIGIN in sibling packages are never reported missing; removed ones are.
import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/run-cli.js";

const TREE = new URL("../../fixtures/npm-tree/node_modules", import.meta.url).pathname;

interface Doc {
  files: {
    path: string;
    analysis?: { role: string; verdict: string; missing: string[]; edges: { name: string; status: string; via: string | null; tried: unknown[] }[] };
  }[];
}

const scan = (args: string[], cwd: string): { code: number | null; doc: Doc } => {
  const r = runCli(["--json", ...args], { cwd });
  return { code: r.code, doc: JSON.parse(r.stdout) as Doc };
};

describe("a real node_modules with bundled libraries", () => {
  beforeAll(() => {
    if (!existsSync(TREE)) throw new Error(`${TREE} is missing: run 'bash .ci/run' (it runs npm ci --ignore-scripts in fixtures/npm-tree)`);
  });

  it("finds every addon and its bundled libraries, and reports none missing", () => {
    const { code, doc } = scan(["node_modules"], join(TREE, ".."));
    const byPath = new Map(doc.files.map((f) => [f.path, f]));
    const addon = (p: string) => byPath.get(`node_modules/${p}`)?.analysis;
    const sharp = addon("@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node");
    expect(sharp?.verdict).toBe("ok");
    expect(sharp?.edges.find((e) => e.name === "libvips-cpp.so.8.18.7")).toMatchObject({ status: "bundled", via: "rpath" });
    expect(addon("onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node")?.edges.find((e) => e.name === "libonnxruntime.so.1")).toMatchObject({
      status: "bundled",
      via: "runpath",
    });
    expect(addon("@duckdb/node-bindings-linux-x64/duckdb.node")?.edges.find((e) => e.name === "libduckdb.so")).toMatchObject({
      status: "bundled",
      via: "runpath",
    });
    expect(addon("onnxruntime-node/bin/napi-v6/linux/arm64/onnxruntime_binding.node")?.verdict).toBe("foreign");
    for (const f of doc.files) if (f.analysis?.role === "addon") expect(f.analysis.missing, f.path).toEqual([]);
    // The one finding: biome's prebuilt CLI, whose only problem is the FHS interpreter.
    const biome = byPath.get("node_modules/@biomejs/cli-linux-x64/biome")?.analysis;
    expect(biome).toMatchObject({ role: "executable", verdict: "needs-interpreter", missing: [] });
    expect(code).toBe(1);
  });

  it("without a host that has libstdc++ loaded, the C++ addons really miss it", () => {
    const { code, doc } = scan(["--host", "none", "node_modules"], join(TREE, ".."));
    const duck = doc.files.find((f) => f.path.endsWith("duckdb.node"))?.analysis;
    expect(duck?.verdict).toBe("needs-libraries");
    expect(duck?.missing).toEqual(["libstdc++.so.6"]);
    expect(code).toBe(1);
  });

  it("a bundled library that is gone is missing, with every directory tried", () => {
    const copy = tempDir("nbc-npm-");
    cpSync(join(TREE, "onnxruntime-node"), join(copy, "onnxruntime-node"), { recursive: true });
    const dir = join(copy, "onnxruntime-node/bin/napi-v6/linux/x64");
    rmSync(join(dir, "libonnxruntime.so.1"));
    const { code, doc } = scan(["--no-host-pass", copy], copy);
    const a = doc.files.find((f) => f.path === `${dir}/onnxruntime_binding.node`)?.analysis;
    expect(a?.verdict).toBe("needs-libraries");
    expect(a?.missing).toEqual(["libonnxruntime.so.1"]);
    expect(a?.edges.find((e) => e.name === "libonnxruntime.so.1")?.tried).toEqual([`${dir}/libonnxruntime.so.1`, { step: "glibc-lib" }]);
    expect(code).toBe(1);
  });
});

// --emit patchelf on a node_modules-like tree (issue 13 (d)): the derivation's source holds only what
// autoPatchelfHook can patch, and its buildInputs are exactly what the hook will ask for. Both are
// checked on the evaluated derivation (stand-in pkgs; builtins.path's filter applied to the real tree)
// against what the test works out on its own from the ELF facts of the files the filter keeps:
// every DT_NEEDED, less the names of the `*.so*` entries in the source, less glibc's lib/.
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseElf } from "../../src/elf/parse.js";
import type { ElfInfo } from "../../src/elf/types.js";
import { knownAttrs } from "../../src/nixpkgs/attrs.js";
import { EMITTER_ATTRS } from "../../src/render/nix/index.js";
import { ET } from "../support/elf-builder.js";
import { buildElfFixtures } from "../support/fixtures.js";
import { NixSandbox, requireNix, standInPkgs } from "../support/nix-eval.js";
import { runCli } from "../support/run-cli.js";
import { fileSource } from "../support/sources.js";
import { exe, lib, writeTree } from "../support/tree.js";

/** The shared objects in nixpkgs glibc's lib/ (x86_64, glibc 2.40-2.42), and libgcc_s.so.1, which nixpkgs copies in. */
const GLIBC_LIB = new Set(
  [
    "ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libmvec.so.1 libpthread.so.0 libdl.so.2 librt.so.1 libutil.so.1 libresolv.so.2 libanl.so.1",
    "libBrokenLocale.so.1 libc_malloc_debug.so.0 libthread_db.so.1 libnsl.so.1 libmemusage.so libpcprofile.so libgcc_s.so.1",
    "libnss_files.so.2 libnss_dns.so.2 libnss_compat.so.2 libnss_db.so.2 libnss_hesiod.so.2",
  ]
    .join(" ")
    .split(" "),
);
/** The packages the table maps this tree's sonames to (26.05). */
const ATTR: Record<string, string> = { "libX11.so.6": "libx11", "libstdc++.so.6": "stdenv.cc.cc", "libz.so.1": "zlib", "libssl.so.3": "openssl" };
const DRIVER = new Set(["libcuda.so.1"]);

const ESBUILD = new URL("../../node_modules/@esbuild/linux-x64/bin/esbuild", import.meta.url).pathname;

interface Entry {
  rel: string;
  type: "regular" | "directory" | "symlink";
}

function listTree(root: string, rel = ""): Entry[] {
  return readdirSync(join(root, rel)).flatMap((name) => {
    const r = rel === "" ? name : `${rel}/${name}`;
    const st = lstatSync(join(root, r));
    if (st.isSymbolicLink()) return [{ rel: r, type: "symlink" as const }];
    if (st.isDirectory()) return [{ rel: r, type: "directory" as const }, ...listTree(root, r)];
    return [{ rel: r, type: "regular" as const }];
  });
}

function elfOf(path: string): ElfInfo | null {
  const src = fileSource(path);
  try {
    return parseElf(src).info;
  } catch {
    return null;
  } finally {
    src.close();
  }
}

interface Derivation {
  src: { __path: string; __kept: string[] };
  buildInputs?: string[];
  nativeBuildInputs: string[];
  autoPatchelfIgnoreMissingDeps?: string[];
}

/**
 * Run --emit patchelf on `cwd`/`rootRel` and evaluate the derivation with stand-in pkgs; builtins.path's
 * filter is applied to the real tree. `source`: what builtins.path would copy (entries the filter keeps
 * inside directories it keeps).
 */
function emitAndEvaluate(cwd: string, rootRel: string, args: string[] = []): { text: string; drv: Derivation; source: Entry[] } {
  const r = runCli(["--emit", "patchelf", "--no-host-pass", "--no-nix-locate", ...args, rootRel], { cwd });
  expect(r.stderr).toBe("");
  const box = new NixSandbox();
  box.write("pkgs.nix", standInPkgs([...knownAttrs("26.05"), ...EMITTER_ATTRS]));
  const entries = listTree(join(cwd, rootRel));
  box.write("candidates.json", JSON.stringify(entries));
  box.write("patchelf.nix", r.stdout);
  const driver = box.write(
    "patchelf.eval.nix",
    [
      "let",
      "  pkgs = import ./pkgs.nix;",
      "  candidates = builtins.fromJSON (builtins.readFile ./candidates.json);",
      '  fakePath = { path, name, filter }: { __path = toString path; __kept = map (c: c.rel) (builtins.filter (c: filter "${toString path}/${c.rel}" c.type) candidates); };',
      "  fakeBuiltins = builtins // { path = fakePath; };",
      "in",
      "scopedImport { builtins = fakeBuiltins; } ./patchelf.nix { inherit pkgs; }",
    ].join("\n"),
  );
  const v = box.evalJson(driver);
  if (!v.ok) throw new Error(`${v.stderr}\n${r.stdout}`);
  const drv = v.value as Derivation;
  const kept = new Set(drv.src.__kept);
  const parentsKept = (rel: string) => rel.split("/").every((_, i, parts) => i === parts.length - 1 || kept.has(parts.slice(0, i + 1).join("/")));
  return { text: r.stdout, drv, source: entries.filter((e) => kept.has(e.rel) && parentsKept(e.rel)) };
}

/** What autoPatchelfHook asks for: every DT_NEEDED of the regular ELF files of the source (it patches them
 *  all), less the names of the source's `*.so*` entries (it finds those in the output) and glibc's lib/. */
function hookAsks(root: string, source: readonly Entry[]): string[] {
  const patched = source.filter((e) => e.type === "regular").map((e) => elfOf(join(root, e.rel))!);
  const inSource = new Set(
    source
      .filter((e) => e.type !== "directory")
      .map((e) => e.rel.slice(e.rel.lastIndexOf("/") + 1))
      .filter((n) => n.includes(".so")),
  );
  return [...new Set(patched.flatMap((i) => i.needed).filter((n) => !GLIBC_LIB.has(n) && !inSource.has(n)))].sort();
}

describe("--emit patchelf on a node_modules with prebuilds for every platform", () => {
  let tree = "";
  let root = "";
  let text = "";
  let drv: Derivation;
  let source: Entry[] = [];

  beforeAll(async () => {
    requireNix();
    const fixtures = await buildElfFixtures();
    const glibcExe = (needed: string[], extra = {}) => exe({ needed }, extra);
    tree = writeTree({
      // An addon loaded by node, which has libstdc++ loaded: no finding, but the hook resolves its
      // DT_NEEDED all the same. Its bundled library is reached through a symlink, as installed.
      "node_modules/addon/build/Release/addon.node": lib({
        needed: ["libfoo.so.1", "libX11.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libc.so.6"],
        runpath: "$ORIGIN/../../lib",
      }),
      "node_modules/addon/lib/libfoo.so.1.2.3": lib({ soname: "libfoo.so.1", needed: ["libz.so.1", "libm.so.6", "libc.so.6"] }),
      "node_modules/addon/lib/libfoo.so.1": { symlink: "libfoo.so.1.2.3" },
      "node_modules/addon/index.js": { text: "module.exports = require('./build/Release/addon.node');\n" },
      "node_modules/addon/package.json": { text: '{ "name": "addon" }\n' },
      "node_modules/tool/bin/tool": glibcExe(["libssl.so.3", "libcuda.so.1", "libmystery.so.7", "libc.so.6"]),
      "node_modules/tool/bin/tool-link": { symlink: "tool" },
      // Prebuilds for other platforms: Android (an OS note, or only bionic's sonames), arm64, musl.
      "node_modules/bare-x/prebuilds/android-x64/bare-x.bare": lib({ needed: ["libc.so", "libdl.so", "liblog.so"] }),
      "node_modules/bare-x/prebuilds/android-x64/bare-y.bare": lib({ needed: ["libdl.so", "libm.so"] }),
      "node_modules/bare-x/prebuilds/android-x64/bare-z.bare": lib(
        { needed: ["libc.so", "libc++_shared.so"] },
        { notes: [{ name: "Android", type: 1, desc: new Uint8Array(132) }] },
      ),
      "node_modules/bare-x/prebuilds/android-x64/linker-exe": glibcExe(["libc.so"], { interp: "/system/bin/linker64" }),
      "node_modules/bare-x/prebuilds/linux-arm64/bare-x.bare": lib({ needed: ["libstdc++.so.6", "libc.so.6"] }, { machine: 183 }),
      "node_modules/bare-x/prebuilds/linux-x64-musl/bare-x.bare": lib({ needed: ["libc.musl-x86_64.so.1"] }),
      // A bun-style single-file executable (data appended after the image) and a static one.
      "node_modules/bunapp/bin/bunapp": glibcExe(["libc.so.6"], { trailing: new Uint8Array(8192).fill(7) }),
      "node_modules/static/bin/static": { type: ET.EXEC, dynamic: null },
    });
    root = join(tree, "node_modules");
    // Go's layout (issue 13 (a)): section data past the last segment and the table is no payload.
    mkdirSync(join(root, "golike/bin"), { recursive: true });
    copyFileSync(join(fixtures, "golike"), join(root, "golike/bin/golike"));
    if (existsSync(ESBUILD)) {
      mkdirSync(join(root, "@esbuild/linux-x64/bin"), { recursive: true });
      copyFileSync(ESBUILD, join(root, "@esbuild/linux-x64/bin/esbuild"));
    }
    symlinkSync("../addon/lib", join(root, "tool/lib-link"));

    ({ text, drv, source } = emitAndEvaluate(tree, "node_modules"));
  });

  it("the source is the scanned directory, cut down to what gets patched and the links to it", () => {
    expect(drv.src.__path).toBe(root);
    expect(source.filter((e) => e.type !== "directory").map((e) => e.rel)).toEqual(
      [
        "addon/build/Release/addon.node",
        "addon/lib/libfoo.so.1",
        "addon/lib/libfoo.so.1.2.3",
        "golike/bin/golike",
        "tool/bin/tool",
        "tool/bin/tool-link",
        "tool/lib-link",
      ].sort(),
    );
  });

  it("nothing in the source is for another machine, OS or C library, or carries appended data", () => {
    for (const e of source.filter((x) => x.type === "regular")) {
      const info = elfOf(join(root, e.rel));
      expect(info, e.rel).not.toBeNull();
      expect({ machine: info!.machineCode, os: info!.os ?? "linux", payload: info!.trailingPayload }, e.rel).toEqual({
        machine: 62,
        os: "linux",
        payload: null,
      });
      expect(
        info!.needed.filter((n) => ["libc.so", "libdl.so", "liblog.so", "libc.musl-x86_64.so.1"].includes(n)),
        e.rel,
      ).toEqual([]);
    }
  });

  it("buildInputs and the ignore list are exactly what autoPatchelfHook will ask for", () => {
    const asks = new Set(hookAsks(root, source));
    expect([...asks]).toEqual(["libX11.so.6", "libcuda.so.1", "libmystery.so.7", "libssl.so.3", "libstdc++.so.6", "libz.so.1"]);
    const wantInputs = [...asks].filter((n) => ATTR[n] !== undefined).map((n) => `/nix/store/stand-in-${ATTR[n]}`);
    expect([...(drv.buildInputs ?? [])].sort()).toEqual(wantInputs.sort());
    expect([...(drv.autoPatchelfIgnoreMissingDeps ?? [])].sort()).toEqual([...asks].filter((n) => ATTR[n] === undefined).sort());
    expect(drv.nativeBuildInputs).toEqual(["/nix/store/stand-in-autoPatchelfHook", "/nix/store/stand-in-autoAddDriverRunpath"]);
    expect([...asks].filter((n) => ATTR[n] === undefined && !DRIVER.has(n))).toEqual(["libmystery.so.7"]);
  });

  it("says what it left out and why; nix-ld only for the file with appended data", () => {
    expect(text).toContain("for another machine, OS or C library");
    expect(text).toMatch(/node_modules\/bunapp\/bin\/bunapp: 8192 bytes appended after the ELF image .*run it with nix-ld/);
    expect(text.split("\n").filter((l) => l.includes("nix-ld"))).toEqual([expect.stringContaining("bunapp")]);
    expect(text).not.toContain("golike: ");
    if (existsSync(ESBUILD)) expect(text).toMatch(/static, they need no loader and no libraries: .*@esbuild\/linux-x64\/bin\/esbuild/);
  });
});

describe("--emit patchelf on the real node_modules (fixtures/npm-tree)", () => {
  const cwd = new URL("../../fixtures/npm-tree", import.meta.url).pathname;
  const root = join(cwd, "node_modules");
  let out: ReturnType<typeof emitAndEvaluate>;
  beforeAll(() => {
    requireNix();
    if (!existsSync(root)) throw new Error(`${root} is missing: run 'bash .ci/run' (it runs npm ci --ignore-scripts in fixtures/npm-tree)`);
    out = emitAndEvaluate(cwd, "node_modules");
  });

  it("the source holds the x86-64 Linux binaries only; libstdc++ (which node has loaded) is in buildInputs", () => {
    const files = out.source.filter((e) => e.type !== "directory").map((e) => e.rel);
    expect(files).toEqual(
      [
        "@biomejs/cli-linux-x64/biome",
        "@duckdb/node-bindings-linux-x64/duckdb.node",
        "@duckdb/node-bindings-linux-x64/libduckdb.so",
        "@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.18.7",
        "@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node",
        "onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1",
        "onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node",
      ].sort(),
    );
    expect(hookAsks(root, out.source)).toEqual(["libstdc++.so.6"]);
    expect(out.drv.buildInputs).toEqual(["/nix/store/stand-in-stdenv.cc.cc"]);
    expect(out.drv.autoPatchelfIgnoreMissingDeps).toBeUndefined();
    expect(out.text).toContain("node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/onnxruntime_binding.node");
  });
});

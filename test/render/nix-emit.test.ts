// The Nix emitters: golden files, and every output parsed and evaluated by the real nix-instantiate
// against a stand-in pkgs built from the attribute list; hostile names must come back byte for byte.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { knownRelease, type NixpkgsRelease } from "../../src/loader/profiles.js";
import { knownAttrs } from "../../src/nixpkgs/attrs.js";
import type { Mapping } from "../../src/nixpkgs/types.js";
import { anchor } from "../../src/render/nix/common.js";
import { EMIT_NAMES, EMITTER_ATTRS, emitters, NixEmitError } from "../../src/render/nix/index.js";
import { ignorePattern } from "../../src/render/nix/patchelf.js";
import known from "../../src/scan/npm-packages.json" with { type: "json" };
import { CASES, goldenOutputs, hostileCase } from "../support/nix-cases.js";
import { NIX_INSTANTIATE, NixSandbox, requireNix, standInPkgs } from "../support/nix-eval.js";
import { runCli } from "../support/run-cli.js";

const GOLDEN = new URL("../golden/nix/", import.meta.url);
const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * The nixpkgs attributes npm-packages.json points variables at ("${pkgs.prisma-engines}/bin/x" -> prisma-engines),
 * and those whose version is compared, as the fixture trees fill {major} (electron 41).
 */
const NPM_ATTRS = Object.values(known.packages).flatMap((p) =>
  (p.variables as { nixpkgs?: { value: string; version?: { attr: string } } }[]).flatMap((v) =>
    v.nixpkgs
      ? [/^\$\{pkgs\.([\w.{}-]+)\}/.exec(v.nixpkgs.value)![1]!, ...(v.nixpkgs.version ? [v.nixpkgs.version.attr] : [])].map((a) =>
          a.replaceAll("{major}", "41"),
        )
      : [],
  ),
);
/** What the devShell's `packages` may name: python3 and the rows' build inputs. */
const BUILD_ATTRS = ["python3", ...Object.values(known.packages).flatMap((p) => (p as { build?: { nixpkgs: string[] } }).build?.nixpkgs ?? [])];
/** The versions of fixtures/unbuilt-tree's packages, as a nixpkgs that matches them would have. */
const MATCHING = { "playwright-driver": "1.65.2", "prisma-engines": "7.10.1", "electron_41-bin": "41.2.0", esbuild: "0.28.2" };

describe("Nix golden files (rewrite only with: node test/scripts/update-golden.mjs --update)", () => {
  const want = goldenOutputs();
  for (const [name, text] of want) {
    it(name, () => {
      const path = new URL(name, GOLDEN);
      expect(existsSync(path), `missing golden file ${name}`).toBe(true);
      expect(text).toBe(readFileSync(path, "utf8"));
    });
  }
  it("has no stale golden files", () => expect(readdirSync(GOLDEN).filter((f) => !want.has(f))).toEqual([]));
});

describe("emitter options", () => {
  it("--binary must name an executable of the scan", () => {
    const c = CASES["binary-option"]!;
    expect(() => emitters.wrapper(c.report, c.mapping, { binary: "/opt/tools/zzz" })).toThrow(NixEmitError);
    expect(emitters.wrapper(c.report, c.mapping, { binary: "/opt/tools/a" })).toContain("/opt/tools/a");
  });
  it("rejects an attribute path that is not one", () => {
    const c = CASES.basic!;
    const bad: Mapping = { ...c.mapping, packages: c.mapping.packages.map((p, i) => (i === 0 ? { ...p, attr: 'x"; abort "y' } : p)) };
    for (const e of EMIT_NAMES) expect(() => emitters[e](c.report, bad, {})).toThrow(/not an attribute path/);
  });
  it("prints no raw control or bidi character, whatever the names", () => {
    const h = hostileCase();
    for (const e of EMIT_NAMES) expect(emitters[e](h.report, h.mapping, {})).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/);
  });
});

const run = NIX_INSTANTIATE !== null || process.env.CI ? describe : describe.skip;

run("Nix emitters, checked by nix-instantiate", () => {
  let box: NixSandbox;
  const standIns = new Set<NixpkgsRelease>();
  beforeAll(() => {
    requireNix();
    box = new NixSandbox();
  });

  /**
   * Write an emitted file, call it with the stand-in pkgs (builtins.path replaced), return its value.
   * builtins.path returns its path and name and, when it has a filter, `__kept`: the `candidates`
   * (paths relative to it, with their file types) the filter keeps.
   */
  function evaluate(
    name: string,
    text: string,
    release: NixpkgsRelease,
    candidates: { rel: string; type: string }[] = [],
    versions: Readonly<Record<string, string>> = MATCHING,
  ): { ok: true; value: any } | { ok: false; stderr: string } {
    const standIn = `${release}-${Object.values(versions).join("-")}`;
    if (!standIns.has(standIn)) {
      box.write(`pkgs-${standIn}.nix`, standInPkgs([...knownAttrs(release), ...EMITTER_ATTRS, ...NPM_ATTRS, ...BUILD_ATTRS], versions));
      standIns.add(standIn);
    }
    const file = box.write(`${name}.nix`, text);
    box.write(`${name}.candidates.json`, JSON.stringify(candidates));
    const parsed = box.parse(file);
    if (!parsed.ok) return { ok: false, stderr: parsed.stderr };
    const driver = box.write(
      `${name}.eval.nix`,
      [
        "let",
        `  pkgs = import ./pkgs-${standIn}.nix;`,
        `  candidates = builtins.fromJSON (builtins.readFile ./${name}.candidates.json);`,
        '  keptBy = path: filter: map (c: c.rel) (builtins.filter (c: filter (toString path + "/" + c.rel) c.type) candidates);',
        "  fakePath = { path, name, ... }@a: { __path = toString path; inherit name; __kept = if a ? filter then keptBy path a.filter else null; };",
        "  fakeBuiltins = builtins // { path = fakePath; };",
        `  f = scopedImport { builtins = fakeBuiltins; } ./${name}.nix;`,
        '  args = { inherit pkgs; nix-alien = { outPath = "/nix/store/stand-in-nix-alien"; }; };',
        "in",
        "f (builtins.intersectAttrs (builtins.functionArgs f) args)",
        "",
      ].join("\n"),
    );
    return box.evalJson(driver);
  }

  function ok(name: string, text: string, release: NixpkgsRelease, candidates: { rel: string; type: string }[] = []): any {
    const r = evaluate(name, text, release, candidates);
    if (!r.ok) throw new Error(`${name}: ${r.stderr}\n${text}`);
    return r.value;
  }

  /** Run a script body with some commands replaced by functions that print their arguments, NUL-separated. */
  function argsOf(script: string, fns: string[], argv: string[], env: Record<string, string> = {}): string[][] {
    const defs = fns.map((f) => `${f}() { printf '%s\\0' ${JSON.stringify(f)} "$@"; printf '\\1'; }`).join("\n");
    const r = spawnSync("bash", ["--norc", "--noprofile", "-c", `${defs}\n${script}`, ...argv], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    });
    expect(r.stderr).toBe("");
    return r.stdout
      .split("\u0001")
      .slice(0, -1)
      .map((call) => call.split("\0").slice(0, -1));
  }

  for (const [caseName, c] of Object.entries(CASES))
    for (const e of EMIT_NAMES)
      it(`${e} for ${caseName} parses and evaluates`, () => {
        ok(`${e}-${caseName}`, emitters[e](c.report, c.mapping, c.opts ?? {}), knownRelease(c.mapping.release));
      });

  it("the devShell sets the variables that point npm packages at nixpkgs builds, in mkShell's env", () => {
    const emit = (tree: string, e: string) => {
      const r = runCli(["--emit", e, "--system", "x86_64-linux", tree], { cwd: ROOT });
      expect(r.stderr).toBe("");
      return r.stdout;
    };
    const unbuilt = ok("shell-unbuilt-tree", emit("fixtures/unbuilt-tree/node_modules", "shell"), "26.05");
    expect(unbuilt.env).toEqual({
      CYPRESS_RUN_BINARY: "/nix/store/stand-in-cypress/bin/cypress",
      ELECTRON_OVERRIDE_DIST_PATH: "/nix/store/stand-in-electron_41-bin.dist",
      ELECTRON_SKIP_BINARY_DOWNLOAD: "1",
      ESBUILD_BINARY_PATH: "/nix/store/stand-in-esbuild/bin/esbuild",
      PLAYWRIGHT_BROWSERS_PATH: "/nix/store/stand-in-playwright-driver.browsers",
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1",
      PLAYWRIGHT_SKIP_VALIDATE_HOST_REQUIREMENTS: "1",
      PRISMA_SCHEMA_ENGINE_BINARY: "/nix/store/stand-in-prisma-engines/bin/schema-engine",
      PUPPETEER_EXECUTABLE_PATH: "/nix/store/stand-in-chromium/bin/chromium",
      PUPPETEER_SKIP_DOWNLOAD: "1",
    });
    // What npm rebuild needs for better-sqlite3, sqlite3, node-pty and canvas: python3 and canvas's binding.gyp libraries.
    expect(unbuilt.packages.map((p: string) => p.replace("/nix/store/stand-in-", ""))).toEqual([
      "python3",
      "pkg-config",
      "pixman",
      "cairo",
      "libpng",
      "pango",
      "freetype",
      "libjpeg",
      "giflib",
      "librsvg",
    ]);
    // biome's binary is replaced by BIOME_BINARY: the shell and the nix-ld module no longer serve it.
    const npm = ok("shell-npm-tree", emit("fixtures/npm-tree/node_modules", "shell"), "26.05");
    expect(npm.env).toEqual({ BIOME_BINARY: "/nix/store/stand-in-biome/bin/biome" });
    expect(npm.NIX_LD).toBeUndefined();
    const module = emit("fixtures/npm-tree/node_modules", "nix-ld");
    expect(module).not.toContain("programs.nix-ld.enable");
    expect(module).toContain("# Left out: fixtures/npm-tree/node_modules/@biomejs/cli-linux-x64/biome. Their packages read BIOME_BINARY, which point them at");
    ok("nix-ld-npm-tree", module, "26.05");
  });

  it("the devShell stops evaluation when nixpkgs has another version than the npm package needs, naming both", () => {
    const shell = runCli(["--emit", "shell", "--system", "x86_64-linux", "fixtures/unbuilt-tree/node_modules"], { cwd: ROOT }).stdout;
    // Playwright's browsers must match exactly: 1.47.0 (what an older nixpkgs had) is refused.
    const older = evaluate("shell-unbuilt-old-playwright", shell, "26.05", [], { ...MATCHING, "playwright-driver": "1.47.0" });
    expect(older.ok).toBe(false);
    if (!older.ok) {
      expect(older.stderr).toContain("playwright-core@1.65.2 needs playwright-driver exactly 1.65.2 for PLAYWRIGHT_BROWSERS_PATH; this nixpkgs has 1.47.0");
      expect(older.stderr).toContain("npm install playwright-core@1.47.0");
    }
    // Electron matches by major: 41.0.1 is accepted, a 40 is not.
    expect(evaluate("shell-unbuilt-electron-minor", shell, "26.05", [], { ...MATCHING, "electron_41-bin": "41.0.1" }).ok).toBe(true);
    const major = evaluate("shell-unbuilt-electron-major", shell, "26.05", [], { ...MATCHING, "electron_41-bin": "40.9.0" });
    expect(major.ok ? "evaluated" : major.stderr).toContain(
      "needs electron_41-bin of major version 41 for ELECTRON_OVERRIDE_DIST_PATH; this nixpkgs has 40.9.0",
    );
  });

  it("a typo in an attribute path fails evaluation", () => {
    const c = CASES.basic!;
    const typo: Mapping = { ...c.mapping, packages: c.mapping.packages.map((p) => (p.attr === "libx11" ? { ...p, attr: "libx1l" } : p)) };
    for (const e of EMIT_NAMES) {
      const r = evaluate(`typo-${e}`, emitters[e](c.report, typo, {}), "26.05");
      expect(r.ok ? "evaluated" : r.stderr).toMatch(/libx1l/);
    }
  });

  it("nix-ld lists what the module lacks, shell everything the executables need", () => {
    const c = CASES.basic!;
    const mod = ok("nix-ld-basic-values", emitters["nix-ld"](c.report, c.mapping, {}), "26.05");
    expect(mod.programs["nix-ld"].libraries).toEqual(["libx11", "libxml2_13", "libsecret"].map((a) => `/nix/store/stand-in-${a}`));
    expect(mod.hardware.graphics.enable).toBe(true);
    const shell = ok("shell-basic-values", emitters.shell(c.report, c.mapping, {}), "26.05");
    expect(shell.NIX_LD).toBe("/nix/store/stand-in-glibc/lib/ld-linux-x86-64.so.2");
    const libs = ["libx11", "stdenv.cc.cc", "zlib", "libxml2_13", "libsecret"].map((a) => `/nix/store/stand-in-${a}/lib`);
    expect(shell.NIX_LD_LIBRARY_PATH).toBe([...libs, "/run/opengl-driver/lib"].join(":"));
    expect(shell.LD_LIBRARY_PATH).toBe(["libx11", "util-linux"].map((a) => `/nix/store/stand-in-${a}/lib`).join(":"));
    const i686 = ok("nix-ld-i686-values", emitters["nix-ld"](CASES.i686!.report, CASES.i686!.mapping, {}), "25.11");
    expect(i686.environment.ldso32).toBe("/nix/store/stand-in-nix-ld/libexec/nix-ld");
  });

  it("wrappers pass the program path, $0 and every argument through exactly", () => {
    const c = CASES.basic!;
    const w = ok("wrapper-basic-values", emitters.wrapper(c.report, c.mapping, {}), "26.05");
    const user = ["a b", "", "--", "'\"$x${y}", "-s"];
    const [loader] = argsOf(w.app.text, ["exec"], ["ARGV0", ...user]);
    expect(loader).toEqual([
      "exec",
      "/nix/store/stand-in-glibc/lib/ld-linux-x86-64.so.2",
      "--library-path",
      expect.stringContaining("/nix/store/stand-in-zlib/lib"),
      "--argv0",
      "ARGV0",
      `${box.dir}/vendor/bin/app`,
      ...user,
    ]);
    const [alien] = argsOf(w["app-nix-alien"].text, ["exec"], ["ARGV0", ...user]);
    expect(alien!.slice(0, 4)).toEqual(["exec", "/nix/store/stand-in-nix-alien/bin/nix-alien", "--silent", "--recreate"]);
    expect(alien!.slice(-user.length - 2)).toEqual([`${box.dir}/vendor/bin/app`, "--", ...user]);
    expect(alien).toContain("stdenv.cc.cc");
    const regex = new RegExp(alien![alien!.indexOf("-c") + 1]!);
    for (const candidate of ["zlib.out", "libx11.out", "stdenv.cc.cc.lib", "gcc-unwrapped.lib"]) expect(candidate).toMatch(regex);
    for (const candidate of ["zlib-ng.out", "xzlib.out", "pkgsi686Linux.zlib.out"]) expect(candidate).not.toMatch(regex);
  });

  describe("hostile names come back byte for byte", () => {
    const h = hostileCase();
    const root = h.report.roots[0]!;
    const exes = h.report.files.filter((f) => f.analysis?.role === "executable");

    it("wrapper: each program path and argument", () => {
      const w = ok("wrapper-hostile", emitters.wrapper(h.report, h.mapping, {}), "26.05");
      const scripts = Object.values(w) as { name: string; text: string }[];
      expect(scripts.length).toBe(exes.length);
      const paths = scripts.map((s) => {
        const [a] = argsOf(s.text, ["exec"], ["$0 'x'", "\n", "${z}"]);
        expect(a!.slice(-2)).toEqual(["\n", "${z}"]);
        expect(a![a!.indexOf("--argv0") + 1]).toBe("$0 'x'");
        return a!.at(-3);
      });
      expect(paths.sort()).toEqual(exes.map((f) => `${box.dir}/${anchor(f.path).rel}`).sort());
      for (const s of scripts) expect(s.name).toMatch(/^[A-Za-z0-9+_?=][A-Za-z0-9+._?=-]*$/);
    });

    it("patchelf: source path, the files kept in the source, ignore patterns", () => {
      const rel = (p: string) => p.slice(root.length + 1);
      const files = h.report.files.map((f) => rel(f.path));
      const dirs = [...new Set(files.map((f) => f.slice(0, f.lastIndexOf("/"))))];
      const candidates = [...files.map((f) => ({ rel: f, type: "regular" })), ...dirs.map((d) => ({ rel: d, type: "directory" }))];
      const d = ok("patchelf-hostile", emitters.patchelf(h.report, h.mapping, {}), "26.05", candidates);
      expect(d.src.__path).toBe(`${box.dir}/${root}`);
      // Every file but the one with a payload, and the directories above them: byte for byte.
      const patched = h.report.files.filter((f) => !f.elf?.trailingPayload).map((f) => rel(f.path));
      const want = [...patched, ...new Set(patched.map((f) => f.slice(0, f.lastIndexOf("/"))))];
      expect([...d.src.__kept].sort()).toEqual(want.sort());
      // The left-out file's own driver and unmapped names are asked by no patched file.
      const payloadFile = h.report.files.find((f) => f.elf?.trailingPayload)!;
      const asked = (x: { soname: string }) => !payloadFile.elf!.needed.includes(x.soname);
      expect(d.autoPatchelfIgnoreMissingDeps).toEqual([...h.mapping.drivers, ...h.mapping.unmapped].filter(asked).map((x) => ignorePattern(x.soname)));
      expect(d.name).toMatch(/^[A-Za-z0-9+_?=][A-Za-z0-9+._?=-]*$/);
    });

    it("nix-ld and shell evaluate, with the names only in comments", () => {
      const mod = ok("nix-ld-hostile", emitters["nix-ld"](h.report, h.mapping, {}), "26.05");
      expect(mod.programs["nix-ld"].enable).toBe(true);
      const shell = ok("shell-hostile", emitters.shell(h.report, h.mapping, {}), "26.05");
      expect(shell.LD_LIBRARY_PATH).toBe("/nix/store/stand-in-zlib/lib");
    });

    it("a file root is installed under bin/ with its exact name", () => {
      const name = "x'y ${z}\"\n";
      const r = { ...h.report, roots: [name], files: [{ ...h.report.files[0]!, path: name, paths: [name] }] };
      const d = ok("patchelf-file-root", emitters.patchelf(r, h.mapping, {}), "26.05");
      expect(d.src.__path).toBe(`${box.dir}/${name}`);
      const calls = argsOf(d.installPhase, ["install", "runHook"], []);
      expect(calls.find((c) => c[0] === "install")).toEqual(["install", "-Dm755", "", `/bin/${name}`]);
    });
  });
});

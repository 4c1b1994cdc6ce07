// Runs every loader-rule fixture under the host's real glibc loader and checks that it did
// what LOADER.md says the rule does: proof that each fixture pins its rule.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildLoaderFixtures,
  type HostLoaderFacts,
  hostLoaderFacts,
  LOADER_FIXTURE_SOURCES,
  LOADER_RULES,
  type RealRun,
  type RunOptions,
  runUnderRealLoader,
} from "../support/loader-fixtures.js";

let fixtures = "";
let host: HostLoaderFacts;

beforeAll(async () => {
  fixtures = await buildLoaderFixtures();
  host = hostLoaderFacts();
});

const run = (rule: string, options: RunOptions = {}): RealRun => runUnderRealLoader(fixtures, rule, options);

/** Loaded objects inside the fixture, relative to it, in load order (main first). */
const local = (r: RealRun): string[] => r.inTree.filter((path) => !path.startsWith("/"));

function expectStarted(r: RealRun, inTree: readonly string[]): void {
  expect({ exit: r.exitCode, error: r.loaderError }).toEqual({ exit: 0, error: null });
  expect(local(r)).toEqual(inTree);
}

function expectMissing(r: RealRun, name: string): void {
  expect({ exit: r.exitCode, missing: r.missing, fatal: r.fatal }).toEqual({
    exit: 127,
    missing: name,
    fatal: null,
  });
  expect(r.loaded).toEqual([]);
}

function expectFatal(r: RealRun, message: RegExp): void {
  expect(r.exitCode).toBe(127);
  expect(r.missing).toBeNull();
  expect(r.fatal).toMatch(message);
  expect(r.loaded).toEqual([]);
}

/** Dynamic-section entries of a built file, as readelf shows them: [TAG, value]. */
function dynamic(rule: string, file: string): [string, string][] {
  const out = spawnSync("readelf", ["-dW", join(fixtures, rule, file)], { encoding: "utf8" });
  expect(out.status).toBe(0);
  return [...out.stdout.matchAll(/\((\w+)\)\s+(.*)$/gm)].map((m) => {
    const value = m[2] ?? "";
    return [m[1] ?? "", /\[(.*)\]$/.exec(value)?.[1] ?? value];
  });
}

const tags = (rule: string, file: string, tag: string): string[] =>
  dynamic(rule, file)
    .filter(([t]) => t === tag)
    .map(([, value]) => value);

/** Bytes 4 (EI_CLASS) and 18-19 (e_machine, LE) of a built file. */
function elfIdent(rule: string, file: string): { elfClass: number; machine: number } {
  const bytes = readFileSync(join(fixtures, rule, file));
  return { elfClass: bytes[4] ?? -1, machine: bytes.readUInt16LE(18) };
}

const atLeast = (v: readonly [number, number], major: number, minor: number): boolean => v[0] > major || (v[0] === major && v[1] >= minor);

/** The checks per rule: what LOADER.md says, observed on the real loader. */
const CHECKS: Record<string, () => void> = {
  "rpath-basic": () => {
    expect(tags("rpath-basic", "bin/app", "RPATH")).toEqual(["$ORIGIN/../lib"]);
    expect(tags("rpath-basic", "bin/app", "RUNPATH")).toEqual([]);
    expectStarted(run("rpath-basic"), ["bin/app", "lib/libfoo.so"]);
  },
  "runpath-basic": () => {
    expect(tags("runpath-basic", "bin/app", "RUNPATH")).toEqual(["$ORIGIN/../lib"]);
    expect(tags("runpath-basic", "bin/app", "RPATH")).toEqual([]);
    expectStarted(run("runpath-basic"), ["bin/app", "lib/libfoo.so"]);
  },
  "rpath-over-runpath": () => {
    expect(tags("rpath-over-runpath", "bin/app", "RPATH")).toEqual(["$ORIGIN/../lib-rpath"]);
    expect(tags("rpath-over-runpath", "bin/app", "RUNPATH")).toEqual(["$ORIGIN/../lib-runpath"]);
    expect(existsSync(join(fixtures, "rpath-over-runpath/lib-rpath/libfoo.so"))).toBe(true);
    expectStarted(run("rpath-over-runpath"), ["bin/app", "lib-runpath/libfoo.so"]);
  },
  "rpath-inherited-by-ancestor-chain": () => {
    // libbaz: via libfoo's RPATH, expanded with libfoo's origin (l1), not libbar's (l2/sub →
    // decoy l2/l3); libqux: via main's RPATH.
    expectStarted(run("rpath-inherited-by-ancestor-chain"), ["bin/app", "l1/libfoo.so", "l2/sub/libbar.so", "l3/libbaz.so", "l1/libqux.so"]);
  },
  "runpath-not-inherited": () => {
    expect(existsSync(join(fixtures, "runpath-not-inherited/lib/libbar.so"))).toBe(true);
    expectMissing(run("runpath-not-inherited"), "libbar.so");
  },
  "runpath-stops-rpath-chain": () => {
    expect(tags("runpath-stops-rpath-chain", "bin/app", "RPATH")).toEqual(["$ORIGIN/../lib"]);
    expect(tags("runpath-stops-rpath-chain", "lib/libfoo.so", "RUNPATH")).toEqual(["$ORIGIN/../lib-empty"]);
    expectMissing(run("runpath-stops-rpath-chain"), "libbar.so");
  },
  "empty-runpath-stops-rpath-chain": () => {
    expect(tags("empty-runpath-stops-rpath-chain", "lib/libfoo.so", "RUNPATH")).toEqual([""]);
    expect(tags("empty-runpath-stops-rpath-chain", "bin/app", "RPATH")).toEqual(["$ORIGIN/../lib"]);
    expectMissing(run("empty-runpath-stops-rpath-chain"), "libbar.so");
  },
  "origin-executable-realpath": () => {
    expect(lstatSync(join(fixtures, "origin-executable-realpath/links/bin/app")).isSymbolicLink()).toBe(true);
    expectStarted(run("origin-executable-realpath"), ["real/bin/app", "real/lib/libfoo.so"]);
  },
  "origin-library-as-opened": () => {
    const r = run("origin-library-as-opened");
    expectStarted(r, ["bin/app", "x/y/real/libfoo.so", "deps/libbar.so"]);
    // (string concatenation: path.join would normalise "bin/.." lexically)
    expect(r.opened).toContain(`${fixtures}/origin-library-as-opened/bin/../lib/libfoo.so`);
  },
  "origin-dir-symlink-dotdot": () => {
    const r = run("origin-dir-symlink-dotdot");
    expectStarted(r, ["bin/app", "x/y/realdir/libfoo.so", "x/y/deps/libbar.so"]);
    expect(r.opened).toContain(`${fixtures}/origin-dir-symlink-dotdot/bin/../linkdir/../deps/libbar.so`);
  },
  "origin-in-needed": () => {
    expect(tags("origin-in-needed", "bin/app", "NEEDED")).toContain("$ORIGIN/../lib/libx.so");
    expectStarted(run("origin-in-needed"), ["bin/app", "lib/libx.so"]);
  },
  "origin-brace-form": () => {
    expect(tags("origin-brace-form", "bin/app", "RPATH")).toEqual(["${ORIGIN}/../lib"]);
    expectStarted(run("origin-brace-form"), ["bin/app", "lib/libfoo.so"]);
  },
  "absolute-needed": () => {
    const path = join(fixtures, "absolute-needed/other/libabs.so");
    expect(tags("absolute-needed", "bin/app", "NEEDED")).toContain(path);
    const r = run("absolute-needed");
    expectStarted(r, ["bin/app", "other/libabs.so"]);
    expect(r.opened).toContain(path);
  },
  "already-loaded-by-soname": () => {
    expect(tags("already-loaded-by-soname", "bin/app", "NEEDED").slice(0, 2)).toEqual(["libfoo.so", "libbar-impl.so"]);
    expect(tags("already-loaded-by-soname", "lib/libfoo.so", "NEEDED")[0]).toBe("libbar.so.1");
    expect(tags("already-loaded-by-soname", "lib/libbar-impl.so", "SONAME")).toEqual(["libbar.so.1"]);
    expect(existsSync(join(fixtures, "already-loaded-by-soname/lib/libbar.so.1"))).toBe(false);
    expectStarted(run("already-loaded-by-soname"), ["bin/app", "lib/libfoo.so", "lib/libbar-impl.so"]);
  },
  "bfs-order": () => {
    expect(tags("bfs-order", "lib/libfoo.so", "RPATH")).toEqual(["$ORIGIN/../foo-deps"]);
    expectStarted(run("bfs-order"), ["bin/app", "lib/libfoo.so", "lib/libbar.so"]);
  },
  "bfs-needed-order": () => {
    expectStarted(run("bfs-needed-order"), ["bin/app", "lib/libb.so", "lib/liba.so", "zb/libzed.so"]);
  },
  "same-file-dedup": () => {
    expect(tags("same-file-dedup", "bin/app", "NEEDED")).toContain("libalias.so");
    expectStarted(run("same-file-dedup"), ["bin/app", "lib/libfoo.so.1"]);
  },
  nodeflib: () => {
    expect(tags("nodeflib", "lib/libnodef.so", "FLAGS_1")[0]).toMatch(/NODEFLIB/);
    expect(tags("nodeflib", "lib/libnodef.so", "NEEDED")[0]).toBe("libz.so.1");
    expectMissing(run("nodeflib"), "libz.so.1");
  },
  "system-default-dirs": () => {
    const r = run("system-default-dirs");
    expect(local(r)).toEqual(["bin/app", "lib/libplain.so"]);
    const z = r.opened.findIndex((path) => path.endsWith("/libz.so.1"));
    expect(z).toBeGreaterThan(0);
    expect(host.systemDirs).toContain(dirname(r.opened[z] ?? ""));
  },
  "wrong-class-skipped": () => {
    expect(elfIdent("wrong-class-skipped", "lib32/libfoo.so").elfClass).toBe(1);
    expectStarted(run("wrong-class-skipped"), ["bin/app", "lib64/libfoo.so"]);
  },
  "wrong-class-only": () => {
    const r = run("wrong-class-only");
    expectMissing(r, "libfoo.so");
    expect(r.loaderError).toBe("libfoo.so: wrong ELF class: ELFCLASS32");
  },
  "wrong-machine-skipped": () => {
    expect(elfIdent("wrong-machine-skipped", "lib-arm/libfoo.so")).toEqual({ elfClass: 2, machine: 183 });
    expectStarted(run("wrong-machine-skipped"), ["bin/app", "lib/libfoo.so"]);
  },
  "wrong-machine-only": () => {
    const r = run("wrong-machine-only");
    expectMissing(r, "libfoo.so");
    expect(r.loaderError).toBe("libfoo.so: cannot open shared object file: No such file or directory");
  },
  "non-elf-candidate-fatal": () => {
    expectFatal(run("non-elf-candidate-fatal"), /\/bin\/\.\.\/bad\/libfoo\.so: invalid ELF header$/);
  },
  "short-candidate-fatal": () => {
    expectFatal(run("short-candidate-fatal"), /\/bin\/\.\.\/bad\/libfoo\.so: file too short$/);
  },
  "pie-candidate-fatal": () => {
    expectFatal(run("pie-candidate-fatal"), /^libfoo\.so: cannot dynamically load position-independent executable$/);
  },
  "hwcaps-subdir": () => {
    const level = (offered: readonly string[]): string => {
      const hit = host.hwcapsActive.find((l) => offered.includes(l));
      return hit === undefined ? "lib" : `lib/glibc-hwcaps/${hit}`;
    };
    expectStarted(run("hwcaps-subdir"), ["bin/app", `${level(["x86-64-v2"])}/libfoo.so`, `${level(["x86-64-v3", "x86-64-v2"])}/libbar.so`]);
  },
  "legacy-hwcaps-subdir": () => {
    const legacy = !atLeast(host.version, 2, 37);
    expectStarted(run("legacy-hwcaps-subdir"), ["bin/app", legacy ? "lib/tls/libfoo.so" : "lib/libfoo.so", legacy ? "lib/x86_64/libbar.so" : "lib/libbar.so"]);
  },
  "empty-rpath-element-cwd": () => {
    expect(tags("empty-rpath-element-cwd", "bin/app", "RPATH")).toEqual(["$ORIGIN/../nowhere:"]);
    expectStarted(run("empty-rpath-element-cwd"), ["bin/app", "lib/libfoo.so"]);
    expectMissing(run("empty-rpath-element-cwd", { cwd: "." }), "libfoo.so");
  },
  "empty-rpath-string": () => {
    // An RPATH that is "" is no list element at all: not even the cwd (lib/, with libfoo.so).
    expect(tags("empty-rpath-string", "bin/app", "RPATH")).toEqual([""]);
    expectMissing(run("empty-rpath-string"), "libfoo.so");
  },
  "relative-rpath-cwd": () => {
    expect(tags("relative-rpath-cwd", "bin/app", "RPATH")).toEqual(["lib"]);
    expectStarted(run("relative-rpath-cwd"), ["bin/app", "lib/libfoo.so"]);
    expectMissing(run("relative-rpath-cwd", { cwd: "bin" }), "libfoo.so");
  },
  "missing-library": () => {
    const r = run("missing-library");
    expectMissing(r, "libfoo.so");
    expect(r.stderr).toContain("libfoo.so: cannot open shared object file");
  },
  "self-cycle": () => {
    expect(tags("self-cycle", "lib/libself.so", "NEEDED")[0]).toBe("libself.so");
    expectStarted(run("self-cycle"), ["bin/app", "lib/libself.so"]);
  },
  "mutual-cycle": () => {
    expect(tags("mutual-cycle", "lib/libb.so", "NEEDED")[0]).toBe("liba.so");
    expectStarted(run("mutual-cycle"), ["bin/app", "lib/liba.so", "lib/libb.so"]);
  },
  "versioned-need-missing": () => {
    const r = run("versioned-need-missing");
    // Version errors are not "error while loading shared libraries": rtld exits with 1.
    expect({ exit: r.exitCode, missing: r.missing }).toEqual({ exit: 1, missing: null });
    expect(r.fatal).toMatch(/\/lib\/libfoo\.so: version `FOO_2' not found \(required by .*\/bin\/app\)$/);
    expect(r.loaded).toEqual([]);
  },
  "lib-dst-in-rpath": () => {
    expect(tags("lib-dst-in-rpath", "bin/app", "RPATH")).toEqual(["$ORIGIN/../$LIB"]);
    expectStarted(run("lib-dst-in-rpath"), ["bin/app", `${host.dstLib}/libfoo.so`]);
  },
  "platform-dst-in-rpath": () => {
    expectStarted(run("platform-dst-in-rpath"), ["bin/app", `${host.platform}/libfoo.so`]);
  },
  "unknown-dst-literal": () => {
    expectStarted(run("unknown-dst-literal"), ["bin/app", "$FOO/libfoo.so"]);
  },
  "dst-token-boundary": () => {
    expect(tags("dst-token-boundary", "bin/app", "RPATH")).toEqual(["$ORIGINAL"]);
    expectStarted(run("dst-token-boundary"), ["bin/app", "$ORIGINAL/libfoo.so"]);
  },
};

describe("loader fixtures", () => {
  it("has one LOADER_RULES entry, README line and check per fixture directory", () => {
    const dirs = readdirSync(LOADER_FIXTURE_SOURCES, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith("_"))
      .map((e) => e.name)
      .sort();
    expect(LOADER_RULES.map((r) => r.name).sort()).toEqual(dirs);
    expect(Object.keys(CHECKS).sort()).toEqual(dirs);
    for (const name of dirs) {
      const readme = readFileSync(join(LOADER_FIXTURE_SOURCES, name, "README"), "utf8");
      expect(readme.trimEnd().split("\n"), name).toHaveLength(1);
      expect(readme, name).toMatch(/LOADER\.md §/);
    }
  });

  it("builds every rule with the declared root and cwd, and reuses the build", async () => {
    expect(await buildLoaderFixtures()).toBe(fixtures);
    const built = readFileSync(join(fixtures, "RULES"), "utf8").trim().split("\n").sort();
    expect(built).toEqual(LOADER_RULES.map((r) => r.name).sort());
    for (const r of LOADER_RULES) {
      expect(existsSync(join(fixtures, r.name, r.exe)), r.name).toBe(true);
      const cwdFile = join(fixtures, r.name, "cwd");
      const cwd = existsSync(cwdFile) ? readFileSync(cwdFile, "utf8").trim() : undefined;
      expect(cwd, r.name).toBe(r.cwd);
    }
  });

  it("reports loaded objects as real paths in load order, with the loader last", () => {
    const r = run("rpath-basic");
    expect(r.loaded[0]).toBe(join(r.root, "bin/app"));
    expect(r.loaded.some((path) => path.includes("linux-vdso"))).toBe(false);
    expect(r.opened.at(-1)).toBe("/lib64/ld-linux-x86-64.so.2");
    expect(r.loaded).toHaveLength(r.opened.length);
  });
});

describe("the real glibc loader agrees with LOADER.md", () => {
  for (const r of LOADER_RULES) {
    it(`${r.name} (${r.section}): ${r.description}`, () => {
      const check = CHECKS[r.name];
      expect(check).toBeDefined();
      check?.();
    });
  }
});

// Mapping what a scan lacks to attributes: per release, versioned needs, pins, drivers, nix-locate.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EVIDENCE_KINDS } from "../../src/model/mapping.js";
import { lookup, tableRows } from "../../src/nixpkgs/table.js";
import type { Mapping } from "../../src/nixpkgs/types.js";
import { evidenceBrief } from "../../src/render/words/index.js";
import { runCli, tempDir } from "../support/run-cli.js";
import { exe, lib, writeTree } from "../support/tree.js";

function mapping(tree: string, ...args: string[]): Mapping {
  const r = runCli(["--json", "--no-host-pass", ...args, "."], { cwd: tree, env: { PATH: "/nonexistent" } });
  // Releases past their end of life (25.05, 25.11) are still judged, with a warning.
  expect(r.stderr.replace(/^nix-bincheck: warning: nixpkgs \d\d\.\d\d reached its end of life .*\n/m, "")).toBe("");
  return (JSON.parse(r.stdout) as { mapping: Mapping }).mapping;
}
const pkg = (m: Mapping, attr: string) => m.packages.find((p) => p.attr === attr);

describe("mapping missing sonames to nixpkgs", () => {
  const tree = writeTree({
    "a/app": exe({ needed: ["libz.so.1", "libX11.so.6", "libxcb.so.1", "libc.so.6"] }),
    "b/app": exe({ needed: ["libz.so.1", "libxml2.so.2", "libcuda.so.1", "libpcre.so.3", "libssl.so.1.1", "libunknown-thing.so.4", "libc.so.6"] }),
  });

  it("groups by attribute with the sonames and files, in the newest release's naming", () => {
    const m = mapping(tree, "--no-nix-locate");
    expect(m.release).toBe("26.05");
    expect(pkg(m, "zlib")).toMatchObject({ sonames: ["libz.so.1"], files: ["./a/app", "./b/app"], confidence: "table" });
    expect(pkg(m, "zlib")?.neededBy.executables).toEqual(["./a/app", "./b/app"]);
    expect(pkg(m, "libx11")?.sonames).toEqual(["libX11.so.6"]);
    expect(pkg(m, "libxcb")?.sonames).toEqual(["libxcb.so.1"]);
    expect(pkg(m, "libxml2_13")?.sonames).toEqual(["libxml2.so.2"]);
    expect(pkg(m, "openssl_1_1")?.warnings).toContainEqual({ code: "insecure", attr: "openssl_1_1" });
    expect(m.drivers.map((d) => d.soname)).toEqual(["libcuda.so.1"]);
    expect(m.drivers[0]).toEqual({ soname: "libcuda.so.1", files: expect.any(Array) });
    const pcre = m.unmapped.find((u) => u.soname === "libpcre.so.3");
    expect(pcre?.replacement).toBeTruthy();
    const unknown = m.unmapped.find((u) => u.soname === "libunknown-thing.so.4");
    expect(unknown?.why).toEqual({ code: "look-up", command: "nix-locate --minimal --at-root --whole-name /lib/libunknown-thing.so.4" });
    expect(m.interpreterNeeded).toEqual(["./a/app", "./b/app"]);
  });

  it("maps a required dlopen library, never an optional one alone, and a needed one even when also optional", () => {
    const note = (priority: string, soname: string) => ({
      name: "FDO",
      type: 0x407c0c0a,
      desc: new TextEncoder().encode(`${JSON.stringify([{ feature: "x", priority, soname: [soname] }])}\0`),
    });
    const t = writeTree({
      app: exe(
        { needed: ["libz.so.1", "libc.so.6"] },
        {
          notes: [note("required", "libxml2.so.2"), note("recommended", "libpng16.so.16"), note("recommended", "libz.so.1"), note("suggested", "libX11.so.6")],
        },
      ),
    });
    const m = mapping(t, "--no-nix-locate");
    expect(m.packages.map((p) => p.attr).sort()).toEqual(["libxml2_13", "zlib"]);
    expect(m.unmapped).toEqual([]);
  });

  it("a {N} pattern names no package for a release nixpkgs does not ship, and a GPU driver pattern only driver advice", () => {
    const t = writeTree({ app: exe({ needed: ["libgdal.so.32", "libgdal.so.38", "libnvidia-glcore.so.580", "libc.so.6"] }) });
    const m = mapping(t, "--no-nix-locate");
    expect(pkg(m, "gdal")?.sonames).toEqual(["libgdal.so.38"]);
    expect(pkg(m, "gdal")?.warnings).toEqual([]);
    expect(m.unmapped.find((u) => u.soname === "libgdal.so.32")?.why.code).toBe("not-in-nixpkgs");
    expect(m.drivers.map((d) => d.soname)).toEqual(["libnvidia-glcore.so.580"]);
    expect(m.packages.map((p) => p.attr)).toEqual(["gdal"]);
  });

  it("uses names that exist in an older release", () => {
    const m = mapping(tree, "--no-nix-locate", "--nixpkgs", "25.05");
    expect(pkg(m, "xorg.libX11")?.sonames).toEqual(["libX11.so.6"]);
    expect(pkg(m, "xorg.libxcb")?.sonames).toEqual(["libxcb.so.1"]);
    expect(pkg(m, "libxml2")?.sonames).toEqual(["libxml2.so.2"]);
    expect(pkg(m, "libx11")).toBeUndefined();
  });

  it("a pin wins", () => {
    const m = mapping(tree, "--no-nix-locate", "--prefer", "libz.so.1=zlib-ng", "--prefer", "libunknown-thing.so.4=thing");
    expect(pkg(m, "zlib-ng")).toMatchObject({ sonames: ["libz.so.1"], confidence: "pinned" });
    expect(pkg(m, "thing")?.confidence).toBe("pinned");
    expect(pkg(m, "zlib")).toBeUndefined();
  });

  it("libstdc++ needs pick a gcc whose libstdc++ defines them", () => {
    const t = writeTree({
      "old/app": exe({
        needed: ["libstdc++.so.6", "libc.so.6"],
        verneed: [{ file: "libstdc++.so.6", versions: [{ name: "GLIBCXX_3.4.21" }, { name: "CXXABI_1.3.9" }] }],
      }),
      "new/app": exe({ needed: ["libstdc++.so.6", "libc.so.6"], verneed: [{ file: "libstdc++.so.6", versions: [{ name: "GLIBCXX_3.4.34" }] }] }),
      "mid/app": exe({ needed: ["libstdc++.so.6", "libc.so.6"], verneed: [{ file: "libstdc++.so.6", versions: [{ name: "GLIBCXX_3.4.9" }] }] }),
    });
    expect(mapping(t, "--no-nix-locate", "--nixpkgs", "26.05").packages.map((p) => p.attr)).toEqual(["stdenv.cc.cc"]);
    const m2511 = mapping(t, "--no-nix-locate", "--nixpkgs", "25.11");
    expect(m2511.packages.map((p) => p.attr).sort()).toEqual(["gcc15.cc"]);
    // Named by number: GLIBCXX_3.4.34, not GLIBCXX_3.4.9 (which sorts last as text).
    expect(pkg(m2511, "gcc15.cc")?.warnings).toContainEqual({ code: "gcc-beyond-default", needs: "GLIBCXX_3.4.34", release: "25.11", gcc: "gcc15" });
    const m2505 = mapping(t, "--no-nix-locate", "--nixpkgs", "25.05");
    expect(m2505.unmapped.map((u) => u.soname)).toEqual(["libstdc++.so.6"]);
    expect(m2505.unmapped[0]?.why).toMatchObject({ code: "gcc-too-old", release: "25.05" });
  });

  it("carries each choice's evidence: the table row's kind, the weakest of a group's rows; none for a pin", () => {
    const m = mapping(tree, "--no-nix-locate", "--prefer", "libunknown-thing.so.4=thing");
    expect(pkg(m, "zlib")?.evidence).toBe(lookup("libz.so.1")?.row.evidence);
    expect(pkg(m, "libx11")?.evidence).toBe(lookup("libX11.so.6")?.row.evidence);
    expect(pkg(m, "thing")?.evidence).toBeNull();
    // An attribute whose rows have different kinds: the group says the weakest.
    const byAttr = new Map<string, Map<string, string>>();
    for (const r of tableRows()) {
      if (r.class !== "nixpkgs" || r.attr === null || r.soname.includes("{N}") || Object.keys(r.releases).length > 0) continue;
      byAttr.set(r.attr, (byAttr.get(r.attr) ?? new Map()).set(r.evidence, r.soname));
    }
    const [attr, kinds] = [...byAttr].find(([a, k]) => k.size > 1 && !a.includes(".") && !a.startsWith("gcc") && a !== "stdenv")!;
    const weakest = EVIDENCE_KINDS.findLast((k) => kinds.has(k))!;
    const t = writeTree({ app: exe({ needed: [...kinds.values(), "libc.so.6"] }) });
    const g = mapping(t, "--no-nix-locate").packages.find((p) => p.attr === attr);
    expect(g?.sonames.length, attr).toBe(kinds.size);
    expect(g?.evidence).toBe(weakest);
  });

  it("the table output says what to add, with the evidence when the files show less than the package shipping it", () => {
    const r = runCli(["--no-host-pass", "--no-nix-locate", "."], { cwd: tree });
    const kind = lookup("libz.so.1")!.row.evidence;
    const tag = evidenceBrief(kind) === null ? "" : ` \\[${evidenceBrief(kind)}\\]`;
    expect(r.stdout).toMatch(new RegExp(`Add from nixpkgs 26\\.05\\n {2}zlib {2}libz\\.so\\.1 {2}\\(2 files\\)${tag}\\n`));
    expect(r.stdout).toContain("No nixpkgs attribute known");
  });
});

describe("an application's private libraries", () => {
  it("a library the tree ships where nothing searches for it is named as the application's own, not looked up", () => {
    // An office suite's program/ directory: the app needs its own library, which sits next to nothing that finds it.
    const t = writeTree({
      "usr/lib/suite/program/soffice.bin": exe({ needed: ["libsuite_core.so.3", "libc.so.6"], runpath: "/nonexistent" }),
      "usr/lib/suite/program/libsuite_core.so.3.1": lib({ soname: "libsuite_core.so.3", needed: ["libc.so.6"] }),
      "usr/lib/x86_64-linux-gnu/libother.so.7.0": lib({ soname: "libother.so.7", needed: ["libc.so.6"] }),
      "usr/bin/tool": exe({ needed: ["libother.so.7", "libc.so.6"] }),
    });
    const m = mapping(t, "--no-nix-locate");
    const why = (s: string) => m.unmapped.find((u) => u.soname === s)?.why;
    expect(why("libsuite_core.so.3")).toEqual({ code: "own-library", paths: ["./usr/lib/suite/program/libsuite_core.so.3.1"], owner: "suite" });
    // A multiarch directory names no application.
    expect(why("libother.so.7")).toEqual({ code: "own-library", paths: ["./usr/lib/x86_64-linux-gnu/libother.so.7.0"], owner: null });
    const text = runCli(["--no-host-pass", "--no-nix-locate", "."], { cwd: t, env: { PATH: "/nonexistent" } }).stdout;
    expect(text).toContain("suite's own library, shipped in this tree at ./usr/lib/suite/program/libsuite_core.so.3.1");
    // A copy built for another machine does not serve the file: an aarch64 libarm.so.1 beside an x86_64 tool.
    const mixed = writeTree({
      "opt/app/libarm.so.1": lib({ soname: "libarm.so.1", needed: ["libc.so.6"] }, { machine: 183 }),
      "opt/app/tool": exe({ needed: ["libarm.so.1", "libc.so.6"], runpath: "/nonexistent" }),
    });
    const arm = mapping(mixed, "--no-nix-locate").unmapped.find((u) => u.soname === "libarm.so.1")?.why;
    expect(arm?.code).toBe("look-up");
    expect(text).toContain("nix-ld will not find it there either");
  });

  it("a private library the table knows without a package says nix-ld will not find it, and names the application", () => {
    const row = tableRows().find((r) => r.class === "app-internal" && r.attr === null && r.note !== null)!;
    const t = writeTree({ app: exe({ needed: [row.soname, "libc.so.6"] }) });
    const m = mapping(t, "--no-nix-locate");
    expect(m.unmapped.find((u) => u.soname === row.soname)?.why).toEqual({ code: "private-library", note: row.note, files: row.files });
    const text = runCli(["--no-host-pass", "--no-nix-locate", "."], { cwd: t, env: { PATH: "/nonexistent" } }).stdout;
    expect(text).toContain(`an application's private library (${row.note}): no nixpkgs package puts it on a library path, so nix-ld will not find it`);
  });
});

describe("nix-locate fallback", () => {
  const tree = writeTree({ app: exe({ needed: ["libfoo.so.7", "libbar.so.2", "libz.so.1", "libc.so.6"] }) });
  const standIn = (script: string) => {
    const bin = tempDir("nbc-bin-");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "nix-locate"), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, "nix-locate"), 0o755);
    return bin;
  };
  const run = (bin: string) => {
    const r = runCli(["--json", "--no-host-pass", "."], { cwd: tree, env: { PATH: `${bin}:/usr/bin:/bin` } });
    return (JSON.parse(r.stdout) as { mapping: Mapping }).mapping;
  };

  it("looks up only what the table does not know, with the flags current nix-index accepts", () => {
    const log = join(tempDir(), "calls");
    const bin = standIn(
      `echo "$@" >> ${log}\ncase "$4" in\n  /lib/libfoo.so.7) echo "foo.out"; echo "(foo-legacy.lib)";;\n  /lib/libbar.so.2) echo "zlib.out"; echo "bar.out";;\nesac`,
    );
    const m = run(bin);
    expect(pkg(m, "foo")).toMatchObject({ sonames: ["libfoo.so.7"], confidence: "nix-locate" });
    expect(pkg(m, "foo")?.warnings).toEqual([{ code: "nix-locate-several", soname: "libfoo.so.7", offered: ["foo", "foo-legacy"] }]);
    expect(pkg(m, "zlib")?.sonames).toEqual(["libbar.so.2", "libz.so.1"]);
    const calls = readFileSync(log, "utf8").trim().split("\n").sort();
    expect(calls).toEqual(["--minimal --at-root --whole-name /lib/libbar.so.2", "--minimal --at-root --whole-name /lib/libfoo.so.7"]);
  });

  it("without a database, says so once and goes on", () => {
    const bin = standIn('echo "error: could not read database at ~/.cache/nix-index/files: run nix-index first" >&2; exit 1');
    const m = run(bin);
    expect(m.notes).toHaveLength(1);
    expect(m.notes[0]).toEqual({ code: "nix-locate-unavailable", reason: "no-database", output: expect.stringContaining("database") });
    expect(m.unmapped.map((u) => u.soname).sort()).toEqual(["libbar.so.2", "libfoo.so.7"]);
    expect(pkg(m, "zlib")?.sonames).toEqual(["libz.so.1"]);
  });

  it("not installed: one note", () => {
    const m = run(tempDir("nbc-empty-"));
    expect(m.notes).toEqual([{ code: "nix-locate-unavailable", reason: "not-installed", output: null }]);
  });
});

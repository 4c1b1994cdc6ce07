// The candidate generator (test/scripts/soname-candidates.mjs) on made-up inputs: a report with one
// unknown and one known soname, a Contents index of three lines, and a nixpkgs tree of two packages,
// as a checkout and as a bare git directory. No network: the Contents file is given.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitEnv } from "../support/tool-env.js";

const SCRIPT = new URL("../scripts/soname-candidates.mjs", import.meta.url).pathname;
let dir = "";

/** The script, with git's private environment (it reads a bare nixpkgs directory with git). */
const run = (...args: string[]) =>
  execFileSync(process.execPath, [SCRIPT, "--contents", join(dir, "Contents-amd64.gz"), "--json", join(dir, "r.json"), ...args], {
    encoding: "utf8",
    env: gitEnv(dir),
  });
const rows = (out: string) =>
  out
    .trimEnd()
    .split("\n")
    .slice(1)
    .map((l) => l.split("\t"));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nbc-cand-"));
  const unmapped = [
    { soname: "libfoo-2.1.so.0", files: ["a"], why: { code: "look-up", command: "x" }, replacement: null },
    { soname: "libold.so.5", files: ["a"], why: { code: "not-in-nixpkgs", files: [] }, replacement: "old" },
  ];
  writeFileSync(join(dir, "r.json"), JSON.stringify({ mapping: { unmapped } }));
  const contents = [
    "usr/lib/x86_64-linux-gnu/libfoo-2.1.so.0                      libs/nbc-test-libfoo-2.1-0",
    "usr/lib/x86_64-linux-gnu/libold.so.5                          libs/nbc-test-libold5",
    "usr/share/doc/libfoo-2.1.so.0                                 doc/nbc-test-doc",
  ];
  writeFileSync(join(dir, "Contents-amd64.gz"), gzipSync(`${contents.join("\n")}\n`));
  const nix = join(dir, "nixpkgs");
  mkdirSync(join(nix, "pkgs/by-name/fo/foo"), { recursive: true });
  mkdirSync(join(nix, "pkgs/top-level"), { recursive: true });
  writeFileSync(join(nix, "pkgs/by-name/fo/foo/package.nix"), '{ stdenv }: stdenv.mkDerivation { pname = "foo"; version = "2.1.3"; }\n');
  writeFileSync(join(nix, "pkgs/top-level/all-packages.nix"), "{\n  libold = callPackage ../development/libraries/libold { };\n}\n");
  const env = gitEnv(dir);
  const git = (...a: string[]) => execFileSync("git", ["-C", nix, ...a], { env });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "x");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("soname-candidates", () => {
  it("maps an unknown soname to the Debian package that installs it, without nixpkgs", () => {
    expect(rows(run())).toEqual([["libfoo-2.1.so.0", "nbc-test-libfoo-2.1-0", "-", "/usr/lib/x86_64-linux-gnu/libfoo-2.1.so.0", "-"]]);
  });

  it("proposes the by-name package with its version, from a checkout and from its git directory", () => {
    const want = ["libfoo-2.1.so.0", "nbc-test-libfoo-2.1-0", "-", "/usr/lib/x86_64-linux-gnu/libfoo-2.1.so.0", "foo@2.1.3(pkgs/by-name/fo/foo/package.nix)"];
    expect(rows(run("--nixpkgs", join(dir, "nixpkgs")))).toEqual([want]);
    expect(rows(run("--nixpkgs", join(dir, "nixpkgs/.git")))).toEqual([want]);
  });

  it("with --all, also the sonames the table knows to have no package, and all-packages.nix names", () => {
    const out = rows(run("--all", "--nixpkgs", join(dir, "nixpkgs")));
    expect(out.map((r) => r[0])).toEqual(["libfoo-2.1.so.0", "libold.so.5"]);
    expect(out[1]![4]).toBe("libold(all-packages.nix: callPackage ../development/libraries/libold { };)");
  });
});

// --emit through the CLI on a real tree whose file names and sonames carry Nix- and shell-significant
// characters: every emitter's file parses and evaluates strictly (an interpolated `${builtins.abort}`
// would abort it), and --out writes atomically without clobbering.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { knownAttrs } from "../../src/nixpkgs/attrs.js";
import { EMITTER_ATTRS } from "../../src/render/nix/index.js";
import { NixSandbox, requireNix, standInPkgs } from "../support/nix-eval.js";
import { runCli } from "../support/run-cli.js";
import { exe, lib, writeTree } from "../support/tree.js";

const HOSTILE_NAMES = ['a"b', '${builtins.abort "x"}', "''$", "x'y", "new\nline", "back\\slash"];

describe("--emit on a hostile tree", () => {
  let tree: string;
  let box: NixSandbox;
  beforeAll(() => {
    requireNix();
    box = new NixSandbox();
    box.write("pkgs.nix", standInPkgs([...knownAttrs("26.05"), ...EMITTER_ATTRS]));
    const spec: Parameters<typeof writeTree>[0] = {};
    HOSTILE_NAMES.forEach((n, i) => {
      spec[`bin/${n}`] = exe({ needed: ["libz.so.1", `lib${n.replace(/\n/g, "")}${i}.so.1`, "libc.so.6"] });
      spec[`addons/${n}.node`] = lib({ needed: ["libpng16.so.16", "libc.so.6"] });
    });
    tree = writeTree(spec);
  });

  for (const kind of ["nix-ld", "shell", "wrapper", "patchelf"]) {
    it(`${kind}: parses and evaluates strictly, nothing injected`, () => {
      const r = runCli(["--emit", kind, "--no-host-pass", "--no-nix-locate", "."], { cwd: tree });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(1);
      box.write(`${kind}.nix`, r.stdout);
      const driver = box.write(
        `${kind}.eval.nix`,
        [
          "let",
          "  pkgs = import ./pkgs.nix;",
          "  fakeBuiltins = builtins // { path = { path, name, ... }: { __path = toString path; inherit name; }; };",
          `  f = scopedImport { builtins = fakeBuiltins; } ./${kind}.nix;`,
          '  args = { inherit pkgs; nix-alien = { outPath = "/nix/store/stand-in-nix-alien"; }; };',
          "in",
          "f (builtins.intersectAttrs (builtins.functionArgs f) args)",
        ].join("\n"),
      );
      const v = box.evalJson(driver);
      expect(v.ok ? "" : v.stderr).toBe("");
      if (kind === "wrapper" && v.ok) {
        // Run each evaluated script with `exec` printing its arguments: the program path must come back byte for byte.
        const programs = Object.values(v.value as Record<string, { text: string }>).map((w) => {
          const r = spawnSync("bash", ["--norc", "-c", `exec() { printf '%s\\0' "$@"; }\n${w.text}`, "argv0"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
          });
          return r.stdout.split("\0").find((a) => a.startsWith(`${tree}/bin/`));
        });
        expect(programs.sort()).toEqual(HOSTILE_NAMES.map((n) => `${tree}/bin/${n}`).sort());
      }
    });
  }
});

describe("--out", () => {
  const tree = writeTree({ "bin/app": exe({ needed: ["libz.so.1", "libc.so.6"] }) });
  it("writes the file, refuses to replace it without --force, replaces it with --force", () => {
    const out = join(tree, "module.nix");
    const first = runCli(["--emit", "nix-ld", "--no-host-pass", "--no-nix-locate", "--out", out, "bin"], { cwd: tree });
    expect(first.stdout).toBe("");
    expect(first.code).toBe(1);
    expect(readFileSync(out, "utf8")).toContain("programs.nix-ld.enable = true;");
    writeFileSync(out, "keep me\n");
    const again = runCli(["--emit", "nix-ld", "--no-host-pass", "--out", out, "bin"], { cwd: tree });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`nix-bincheck: error: ${out} exists; pass --force to replace it, or choose another --out\n`);
    expect(readFileSync(out, "utf8")).toBe("keep me\n");
    expect(runCli(["--emit", "nix-ld", "--no-host-pass", "--no-nix-locate", "--out", out, "--force", "bin"], { cwd: tree }).code).toBe(1);
    expect(readFileSync(out, "utf8")).toContain("programs.nix-ld.enable = true;");
  });
  it("a directory that does not exist is an operational error naming the file", () => {
    const r = runCli(["--emit", "shell", "--no-host-pass", "--out", join(tree, "no/such/dir/shell.nix"), "bin"], { cwd: tree });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`writing ${join(tree, "no/such/dir/shell.nix")} failed`);
    expect(existsSync(join(tree, "no"))).toBe(false);
  });
  it("usage errors: unknown kind, --binary without wrapper, --force without --out, --emit with --no-resolve", () => {
    for (const [args, msg] of [
      [["--emit", "docker"], "--emit takes nix-ld, shell, wrapper, patchelf"],
      [["--binary", "x"], "--binary goes with --emit wrapper"],
      [["--force"], "--force goes with --out FILE"],
      [["--emit", "shell", "--no-resolve"], "--emit needs the loader emulation"],
      [["--emit", "wrapper", "--binary", "nope", "--no-host-pass"], "nope"],
    ] as const) {
      const r = runCli([...args, "bin"], { cwd: tree });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(msg);
    }
  });
});

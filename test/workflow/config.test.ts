// Project configuration: validation naming the bad key, declared environment, accept rules, baselines, ignores.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, globRegex, parseConfig } from "../../src/config/config.js";
import { runCli } from "../support/run-cli.js";
import { exe, writeTree } from "../support/tree.js";

describe("config validation", () => {
  const bad = (data: unknown) => {
    try {
      parseConfig(data, "cfg.json");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error("accepted");
  };
  it("names the key at fault", () => {
    expect(bad({ nixpkgs: "twenty-six" })).toBe('cfg.json: "nixpkgs" must be a release such as 25.05, 25.11, 26.05, 26.11, unstable, not "twenty-six"');
    // A release-shaped name the data does not know is not an error: it is judged as the nearest known one.
    expect(parseConfig({ nixpkgs: "24.11" }, "cfg.json").nixpkgs).toBe("24.11");
    expect(bad({ provides: ["zlib", 42] })).toBe('cfg.json: "provides[1]" must be a nixpkgs attribute path, not 42');
    expect(bad({ prefer: { "libz.so.1": "not an attr" } })).toBe('cfg.json: "prefer.libz.so.1" must be a nixpkgs attribute path, not "not an attr"');
    expect(bad({ accept: [{ path: "x" }] })).toBe('cfg.json: "accept[0].reason" must say why the finding is accepted, not undefined');
    expect(bad({ provide: [] })).toContain('unknown key "provide"');
    expect(bad([])).toContain('"(top level)" must be an object');
  });
  it("globs: ** crosses directories, * does not, a directory covers its contents", () => {
    expect(globRegex("vendor/**/*.so").test("vendor/a/b/x.so")).toBe(true);
    expect(globRegex("vendor/**/*.so").test("vendor/x.so")).toBe(true);
    expect(globRegex("vendor/*.so").test("vendor/a/x.so")).toBe(false);
    expect(globRegex("vendor").test("vendor/a/x.so")).toBe(true);
    expect(globRegex("vendor").test("vendorx/a")).toBe(false);
  });
});

describe("policy on a tree", () => {
  const tree = () =>
    writeTree({
      "vendor/tool": exe({ needed: ["libz.so.1", "libc.so.6"] }),
      "vendor/other": exe({ needed: ["libX11.so.6", "libc.so.6"] }),
      "old/legacy": exe({ needed: ["libfoo-old.so.1", "libc.so.6"] }),
      "scripts/run": { text: "#!/bin/bash\necho hi\n", mode: 0o755 },
      "scripts/not-executable": { text: "#!/bin/bash\necho hi\n" },
      "scripts/fine": { text: "#!/usr/bin/env node\n", mode: 0o755 },
    });
  const scan = (t: string, ...args: string[]) => runCli(["--no-host-pass", "--no-nix-locate", "--format", "short", ...args, "."], { cwd: t });

  it("a bad config is an operational error (exit 2) naming the file and key", () => {
    const t = tree();
    writeFileSync(join(t, "nix-bincheck.config.json"), JSON.stringify({ nixLd: "yes" }));
    const r = scan(t);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nix-bincheck: error: ${join(t, "nix-bincheck.config.json")}: "nixLd" must be true or false, not "yes"\n`);
  });

  it("declared environment, accept rules and ignores stop the failures they cover; the rest still fail", () => {
    const t = tree();
    const all = scan(t);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(
      "./scripts/run: script-interpreter: #!/bin/bash does not exist on NixOS\n    fix: use #!/usr/bin/env bash, or patchShebangs in a derivation",
    );
    writeFileSync(
      join(t, "package.json"),
      JSON.stringify({
        name: "x",
        "nix-bincheck": {
          provides: ["zlib", "libx11"],
          nixLd: true,
          ignore: ["old/**"],
          accept: [{ path: "scripts/*", code: "script-interpreter", reason: "run by bash from the devShell" }],
        },
      }),
    );
    const r = scan(t);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(runCli(["--json", "--no-host-pass", "--no-nix-locate", "."], { cwd: t }).stdout);
    expect(doc.files.map((f: { path: string }) => f.path)).toEqual(["./vendor/other", "./vendor/tool"]);
    expect(doc.files[1].accepted).toEqual({ code: "declared-environment", attrs: ["zlib"], nixLd: true });
    expect(doc.scripts[0].accepted).toEqual({ code: "accept-rule", reason: "run by bash from the devShell" });
    expect(doc.mapping.packages).toEqual([]);
  });

  it("--write-baseline records today's findings; later runs fail only on new ones", () => {
    const t = tree();
    const w = scan(t, "--write-baseline");
    expect(w.code).toBe(0);
    expect(w.stderr).toContain("wrote 4 findings to");
    const b = JSON.parse(readFileSync(join(t, "nix-bincheck.baseline.json"), "utf8"));
    expect(b.findings.map((f: { path: string; code: string }) => `${f.path} ${f.code}`)).toEqual([
      "old/legacy needs-libraries",
      "scripts/run script-interpreter",
      "vendor/other needs-libraries",
      "vendor/tool needs-libraries",
    ]);
    expect(scan(t).code).toBe(0);
    writeFileSync(join(t, "vendor/new"), readFileSync(join(t, "vendor/tool")));
    const again = scan(t);
    expect(again.code).toBe(1);
    expect(again.stdout.split("\n")[0]).toBe("./vendor/new: needs-libraries: missing on NixOS: libz.so.1");
  });
});

describe("machine formats", () => {
  const t = writeTree({ "bin/a,b": exe({ needed: ["libz.so.1", "libc.so.6"] }) });
  it("SARIF 2.1.0 with one rule per code and the file as a relative URI", () => {
    const r = runCli(["--format", "sarif", "--no-host-pass", "--no-nix-locate", "."], { cwd: t });
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s.version).toBe("2.1.0");
    expect(s.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(["needs-libraries"]);
    expect(s.runs[0].results[0]).toMatchObject({
      ruleId: "needs-libraries",
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "bin/a%2Cb" } } }],
      properties: { missing: ["libz.so.1"] },
    });
    expect(s.runs[0].results[0].message.text).toContain("add pkgs.zlib");
  });
  it("GitHub annotations escape properties and data", () => {
    const r = runCli(["--format", "github", "--no-host-pass", "--no-nix-locate", "."], { cwd: t });
    expect(r.stdout).toBe(
      "::error file=bin/a%2Cb,title=nix-bincheck%3A needs-libraries::missing on NixOS: libz.so.1. Fix: add pkgs.zlib to programs.nix-ld.libraries or your devShell\n",
    );
  });
});

// Where the project configuration comes from (the nearest one at or above the scanned path, as linters
// find theirs), what its relative paths are relative to, and how a missing, broken or misspelt config
// is reported.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";
import { exe, writeTree } from "../support/tree.js";

const FLAGS = ["--no-host-pass", "--no-nix-locate", "--format", "short"];
const scan = (cwd: string, ...args: string[]) => runCli([...FLAGS, ...args], { cwd });
const findings = (stdout: string) => stdout.split("\n").filter((l) => l !== "" && !l.startsWith(" "));

/** A project: vendor/ needs zlib, old/ needs a library nixpkgs lacks; sub/ is a directory inside it. */
function project(config: unknown, file = "nix-bincheck.config.json") {
  const t = writeTree({
    "vendor/tool": exe({ needed: ["libz.so.1", "libc.so.6"] }),
    "old/legacy": exe({ needed: ["libfoo-old.so.1", "libc.so.6"] }),
    "sub/old/other": exe({ needed: ["libfoo-old.so.1", "libc.so.6"] }),
  });
  mkdirSync(join(t, ".git"));
  writeFileSync(join(t, file), JSON.stringify(file === "package.json" ? { name: "p", "nix-bincheck": config } : config));
  return t;
}

describe("config discovery", () => {
  it("finds the nearest config at or above the scanned path, not in the current directory", () => {
    const t = project({ nixLd: true, provides: ["zlib"], ignore: ["old/**"] });
    const elsewhere = writeTree({});
    const r = runCli([...FLAGS, t], { cwd: elsewhere });
    expect(findings(r.stdout)).toEqual([`${t}/sub/old/other: needs-libraries: missing on NixOS: libfoo-old.so.1`]);
    // From a directory below it, a file root included: the same config, globs still relative to its directory.
    expect(findings(scan(join(t, "vendor"), ".", "../old/legacy").stdout)).toEqual([]);
    expect(findings(scan(join(t, "sub"), ".").stdout)).toEqual(["./old/other: needs-libraries: missing on NixOS: libfoo-old.so.1"]);
  });

  it("a package.json with a nix-bincheck key counts; one without it, or inside node_modules, does not", () => {
    const t = project({ nixLd: true, provides: ["zlib"] }, "package.json");
    mkdirSync(join(t, "node_modules/dep"), { recursive: true });
    writeFileSync(join(t, "node_modules/dep/package.json"), JSON.stringify({ name: "dep", "nix-bincheck": { nixpkgs: "25.05", provides: ["nope"] } }));
    writeFileSync(join(t, "node_modules/dep/tool"), readFileSync(join(t, "vendor/tool")));
    writeFileSync(join(t, "sub/package.json"), JSON.stringify({ name: "sub" }));
    const r = scan(t, "node_modules/dep");
    expect(r.stderr).toBe("");
    // zlib is provided by the project's config: the dependency's own config was passed over.
    expect(r.stdout).toBe("");
    expect(r.code).toBe(0);
    expect(findings(scan(join(t, "sub"), "..").stdout)).toEqual([
      "../old/legacy: needs-libraries: missing on NixOS: libfoo-old.so.1",
      "../sub/old/other: needs-libraries: missing on NixOS: libfoo-old.so.1",
    ]);
  });

  it("stops at the repository root (.git)", () => {
    const outer = project({ nixLd: true, provides: ["zlib"] });
    const inner = join(outer, "sub");
    mkdirSync(join(inner, ".git"));
    writeFileSync(join(inner, "tool"), readFileSync(join(outer, "vendor/tool")));
    expect(findings(scan(inner, ".").stdout)).toContain("./tool: needs-libraries: missing on NixOS: libz.so.1");
  });

  it("--config FILE wins, relative to the current directory", () => {
    const t = project({ nixLd: true, provides: ["zlib"] });
    writeFileSync(join(t, "strict.json"), JSON.stringify({}));
    expect(findings(scan(join(t, "vendor"), "--config", "../strict.json", ".").stdout)).toEqual(["./tool: needs-libraries: missing on NixOS: libz.so.1"]);
  });

  it("accept globs and baseline entries are relative to the config's directory too", () => {
    const t = project({ accept: [{ path: "old/legacy", reason: "replaced in Q3" }], baseline: "ci/baseline.json" });
    mkdirSync(join(t, "ci"));
    expect(scan(join(t, "sub"), "--write-baseline", ".").code).toBe(0);
    const b = JSON.parse(readFileSync(join(t, "ci/baseline.json"), "utf8"));
    expect(b.findings.map((f: { path: string }) => f.path)).toEqual(["sub/old/other"]);
    expect(scan(join(t, "sub"), ".").code).toBe(0);
    const all = scan(t, ".");
    expect(findings(all.stdout)).toEqual(["./vendor/tool: needs-libraries: missing on NixOS: libz.so.1"]);
    expect(scan(join(t, "old"), ".").code).toBe(0);
  });
});

describe("--ignore", () => {
  it("globs are relative to the scanned path, repeatable, with the config's glob semantics", () => {
    const t = project({});
    const base = scan(t, ".");
    expect(findings(base.stdout)).toHaveLength(3);
    expect(findings(scan(t, "--ignore", "old", "--ignore", "vendor/*", ".").stdout)).toEqual([
      "./sub/old/other: needs-libraries: missing on NixOS: libfoo-old.so.1",
    ]);
    expect(findings(scan(t, "--ignore", "**/old/**", ".").stdout)).toEqual(["./vendor/tool: needs-libraries: missing on NixOS: libz.so.1"]);
    // Relative to the PATH it is under, not to the current directory.
    expect(findings(scan(t, "--ignore", "old", "sub").stdout)).toEqual([]);
    // A file named as a PATH is matched as given (pre-commit passes files).
    expect(findings(scan(t, "--ignore", "vendor/**", "vendor/tool", "old/legacy").stdout)).toEqual([
      "old/legacy: needs-libraries: missing on NixOS: libfoo-old.so.1",
    ]);
    // The same glob in the config: the same result.
    writeFileSync(join(t, "nix-bincheck.config.json"), JSON.stringify({ ignore: ["old", "vendor/*"] }));
    expect(findings(scan(t, ".").stdout)).toEqual(["./sub/old/other: needs-libraries: missing on NixOS: libfoo-old.so.1"]);
  });

  it("an empty glob is a usage error", () => {
    const r = scan(writeTree({}), "--ignore", "./", ".");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nix-bincheck: error: --ignore takes a glob such as vendor/** or **/*.so, not "./"\n');
  });
});

describe("config files that cannot be used", () => {
  it("--config naming a file that does not exist: names it, exit 2", () => {
    const r = scan(writeTree({}), "--config", "/nope.json", ".");
    expect(r.stderr).toBe(
      "nix-bincheck: error: cannot read the config file /nope.json: it does not exist; check the path given to --config, or leave --config out to use the project's nix-bincheck.config.json\n",
    );
    expect(r.code).toBe(2);
  });

  it("a config that is not JSON: names the file, the line and the column", () => {
    const t = writeTree({});
    writeFileSync(join(t, "nix-bincheck.config.json"), '{\n  "provides": ["zlib"],\n}\n');
    const r = scan(t, ".");
    expect(r.stderr).toBe(
      `nix-bincheck: error: cannot read the config file ${join(t, "nix-bincheck.config.json")}: it is not valid JSON (Expected double-quoted property name at line 3, column 1); fix the JSON (no comments or trailing commas)\n`,
    );
    expect(r.code).toBe(2);
    writeFileSync(join(t, "nix-bincheck.config.json"), "");
    expect(scan(t, ".").stderr).toContain("it is not valid JSON (the text ends too early)");
  });

  it("a package.json that is not JSON, and a baseline that is not JSON", () => {
    const t = writeTree({});
    writeFileSync(join(t, "package.json"), "{ name: 1 }");
    expect(scan(t, ".").stderr).toMatch(
      new RegExp(`^nix-bincheck: error: cannot read ${join(t, "package.json")}: it is not valid JSON \\(.* at line 1, column 3\\); `),
    );
    writeFileSync(join(t, "package.json"), "{}");
    writeFileSync(join(t, "nix-bincheck.baseline.json"), "[");
    const b = scan(t, ".");
    expect(b.stderr).toMatch(/^nix-bincheck: error: cannot read the baseline .*: it is not valid JSON \(the text ends too early\); fix the JSON/);
    expect(b.code).toBe(2);
  });
});

describe("provides", () => {
  it("an attribute the table does not know is a warning naming the file, the attribute and the nearest names", () => {
    const t = project({ provides: ["zlbi", "xorg.libX11", "my-private-lib"] });
    const r = scan(t, "vendor");
    const where = join(t, "nix-bincheck.config.json");
    expect(r.stderr.split("\n")).toEqual([
      `nix-bincheck: warning: ${where}: "provides" names "zlbi", which nix-bincheck does not know as a nixpkgs 26.05 attribute (did you mean zlib, zvbi?); fix the name, or keep it if your environment has it (--list-attributes lists the names nix-bincheck prints)`,
      `nix-bincheck: warning: ${where}: "provides" names "xorg.libX11", which nix-bincheck does not know as a nixpkgs 26.05 attribute (it is known for nixpkgs 25.05, 25.11); fix the name, or keep it if your environment has it (--list-attributes lists the names nix-bincheck prints)`,
      `nix-bincheck: warning: ${where}: "provides" names "my-private-lib", which nix-bincheck does not know as a nixpkgs 26.05 attribute; fix the name, or keep it if your environment has it (--list-attributes lists the names nix-bincheck prints)`,
      "",
    ]);
    // A warning, not an error: the scan ran, and the misspelt zlib left the finding failing.
    expect(r.code).toBe(1);
    expect(scan(t, "--nixpkgs", "25.11", "vendor").stderr).not.toContain("xorg.libX11");
  });

  it("known attributes give no warning; a malformed attribute path is still an error", () => {
    const t = project({ nixLd: true, provides: ["zlib", "stdenv.cc.cc", "libx11"] });
    const ok = scan(t, "vendor");
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    writeFileSync(join(t, "nix-bincheck.config.json"), JSON.stringify({ provides: ["not an attr"] }));
    const bad = scan(t, "vendor");
    expect(bad.stderr).toBe(`nix-bincheck: error: ${join(t, "nix-bincheck.config.json")}: "provides[0]" must be a nixpkgs attribute path, not "not an attr"\n`);
    expect(bad.code).toBe(2);
  });
});

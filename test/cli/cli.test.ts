import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HELP } from "../../src/cli/args.js";
import { VERSION } from "../../src/version.js";
import { CLI, runCli, tempDir } from "../support/run-cli.js";
import { exe, writeTree } from "../support/tree.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

describe("CLI contract", () => {
  let tree: string;
  let clean: string;
  beforeAll(() => {
    tree = tempDir();
    mkdirSync(join(tree, "bin"));
    copyFileSync("/bin/true", join(tree, "bin", "true"));
    writeFileSync(join(tree, "README.md"), "# not ELF\n");
    clean = tempDir();
    writeFileSync(join(clean, "index.js"), "module.exports = 1;\n");
    writeFileSync(join(clean, "data.bin"), Buffer.from([0, 1, 2, 3, 4, 5]));
  });

  it("--version loads neither the scanner nor the soname table: they are dist/run.cjs, loaded to scan, and dist/sonames.json, read to map", () => {
    // The entry and what it imports statically, transitively: all --version loads.
    const dist = dirname(CLI);
    const startup = new Set<string>();
    const visit = (rel: string) => {
      if (startup.has(rel)) return;
      startup.add(rel);
      const text = readFileSync(join(dist, rel), "utf8");
      for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"(\.[^"]+)"/gm)) visit(join(dirname(rel), m[1]!));
    };
    visit("nix-bincheck.mjs");
    const copy = tempDir();
    for (const rel of startup) {
      expect(readFileSync(join(dist, rel), "utf8"), rel).not.toContain("libz.so.1");
      mkdirSync(dirname(join(copy, rel)), { recursive: true });
      copyFileSync(join(dist, rel), join(copy, rel));
    }
    // Only those files: --version works, a scan cannot (the rest was left behind).
    const run = (args: string[]) => spawnSync(process.execPath, [join(copy, "nix-bincheck.mjs"), ...args], { encoding: "utf8" });
    expect(run(["--version"]).stdout).toBe(`${pkg.version}\n`);
    const without = run(["--no-nix-locate", clean]);
    expect(without.status).toBe(2);
    expect(without.stderr).toMatch(/^nix-bincheck: error: cannot load the scanner .*run\.cjs, which the command loads to scan: .*; reinstall nix-bincheck/);
    // The table is not in run.cjs at all, neither as text nor as object literals that V8 would build on
    // every scan: the scanner holds the name of dist/sonames.json, read on the first lookup.
    // npm-packages.json, imported `with { type: "json" }`, is an object in the bundle.
    const bundle = readFileSync(join(dist, "run.cjs"), "utf8");
    expect(bundle).not.toContain('"soname":"libz.so.1"');
    expect(bundle).not.toContain('soname: "libz.so.1"');
    expect(bundle).toContain('"./sonames.json"');
    expect(bundle).toMatch(/var npm_packages_default = \{\n/);
    expect(readFileSync(join(dist, "sonames.json"), "utf8")).toBe(readFileSync(new URL("../../src/nixpkgs/sonames.json", import.meta.url), "utf8"));
    // With the scanner beside it and no code cache, a scan works as well (compiled as it runs); one that
    // maps nothing never reads the table.
    copyFileSync(join(dist, "run.cjs"), join(copy, "run.cjs"));
    const scanned = run(["--json", "--no-nix-locate", clean]);
    expect(scanned.status).toBe(0);
    expect(JSON.parse(scanned.stdout).summary.regularFiles).toBe(2);
    // One that maps (node itself needs libstdc++ on NixOS) reads it: without the file, a clear error.
    const needs = tempDir();
    copyFileSync(process.execPath, join(needs, "node"));
    const noTable = run(["--json", "--no-nix-locate", "--no-host-pass", "--target", "generic", needs]);
    expect(noTable.status).toBe(2);
    expect(noTable.stderr).toMatch(
      /^nix-bincheck: error: cannot read the soname table .*sonames\.json, which the command reads when it first maps a library: .*; reinstall nix-bincheck/,
    );
    copyFileSync(join(dist, "sonames.json"), join(copy, "sonames.json"));
    const mapped = run(["--json", "--no-nix-locate", "--no-host-pass", "--target", "generic", needs]);
    expect(mapped.status).toBe(1);
    expect(JSON.parse(mapped.stdout).mapping.packages.map((p: { attr: string }) => p.attr)).toContain("stdenv.cc.cc");
  });

  // The build made dist/run.cjs.v8-cache with this node (src/build.sh runs dist/code-cache.mjs): this
  // node, without extra flags, accepts it, and so a scan does not compile the scanner.
  it("the build leaves a code cache that this node accepts", () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const r = spawnSync(process.execPath, [join(dirname(CLI), "code-cache.mjs"), "--check"], { encoding: "utf8", env });
    expect(r.stdout).toBe("accepted\n");
    expect(r.status).toBe(0);
  });

  it("prints the exported help text verbatim", () => {
    const r = runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(HELP);
  });

  it("prints the package version", () => {
    expect(VERSION).toBe(pkg.version);
    for (const args of [["--version"], ["--version", "-q"]]) {
      const r = runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });

  it("exits 2 with a named error on a bad flag, a bad value or a missing path", () => {
    const bad = runCli(["--frobnicate"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^nix-bincheck: error: .*--frobnicate.*see --help\n$/);
    const sys = runCli(["--system", "mips-linux", tree]);
    expect(sys.code).toBe(2);
    expect(sys.stderr).toContain("--system takes x86_64-linux, aarch64-linux, i686-linux");
    const missing = runCli([join(tree, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot scan ${JSON.stringify(join(tree, "nope"))}: it does not exist`);
    expect(missing.stdout).toBe("");
  });

  it("exits 0 on a tree with nothing to fix", () => {
    const r = runCli([clean]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nothing to fix");
  });

  it("exits 1 on an FHS executable and says why, without colour or progress when piped", () => {
    const r = runCli([tree], { env: { HOME: tree } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^needs-interpreter +\S*bin\/true +no \/lib64\/ld-linux-x86-64\.so\.2 +nix-ld$/m);
    // -v says it in full.
    expect(runCli(["-v", tree]).stdout).toContain("/lib64/ld-linux-x86-64.so.2 does not exist on NixOS");
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stderr).toBe("");
  });

  it("--color forces colour, --no-color wins over it", () => {
    expect(runCli(["--color", tree]).stdout).toMatch(/\u001b\[/);
    expect(runCli(["--color", "--no-color", tree]).stdout).not.toMatch(/\u001b\[/);
  });

  it("--json prints one versioned document with the documented fields", () => {
    const r = runCli(["--json", tree]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(3);
    expect(doc.roots).toEqual([tree]);
    expect(doc.files).toHaveLength(1);
    const f = doc.files[0];
    expect(f.path).toBe(`${tree}/bin/true`);
    expect(f.size).toBe(readFileSync("/bin/true").length);
    expect(Object.keys(f.elf)).toEqual(
      expect.arrayContaining(["class", "endian", "machine", "type", "interpreter", "needed", "rpath", "runpath", "soname", "versionNeeds"]),
    );
    expect(f.elf.needed).toContain("libc.so.6");
    expect(f.analysis.verdict).toBe("needs-interpreter");
    expect(doc.summary.elfFiles).toBe(1);
    expect(doc.summary.skippedByName).toBe(1);
  });

  it("--all-files opens files the default skips", () => {
    const doc = JSON.parse(runCli(["--json", "--all-files", tree]).stdout);
    expect(doc.summary.skippedByName).toBe(0);
    expect(doc.summary.sniffed).toBe(2);
  });

  it("shows a progress line on a terminal's stderr, and clears it", () => {
    // script(1) gives the CLI a real pseudo-terminal; stdout goes to /dev/null, stderr to the terminal.
    const r = spawnSync("script", ["-qfec", `"${process.execPath}" "${CLI}" --json /usr/lib > /dev/null`, "/dev/null"], { encoding: "utf8", timeout: 120_000 });
    expect(r.stdout).toMatch(/\r\u001b\[Kscanning: \d+ files, \d+ ELF/);
    expect(r.stdout).toMatch(/\r\u001b\[K$/);
    const quiet = spawnSync("script", ["-qfec", `"${process.execPath}" "${CLI}" -q --json /usr/lib > /dev/null`, "/dev/null"], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(quiet.stdout).not.toContain("scanning:");
  });

  it("a reader that closes the pipe early does not crash it", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [CLI, "--json", "/usr/lib"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await new Promise<void>((res) =>
      child.stdout.once("data", () => {
        child.stdout.destroy();
        res();
      }),
    );
    const code = await new Promise<number | null>((res) => child.on("close", res));
    expect(stderr).toBe("");
    expect(code).not.toBe(2);
  });

  it("--no-resolve reports ELF facts only", () => {
    const r = runCli(["--json", "--no-resolve", tree]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.options.resolve).toBe(false);
    expect(doc.files[0].analysis).toBeUndefined();
  });
});

describe("NIX_BINCHECK_TODAY", () => {
  it("judges end of life on the given date, so a report (and this suite) does not change with the day it runs", () => {
    const t = writeTree({ "bin/app": exe({ needed: ["libc.so.6"] }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" }) });
    const before = runCli(["--nixpkgs", "26.05", "--no-host-pass", t], { env: { NIX_BINCHECK_TODAY: "2026-12-06" } });
    expect(before.stderr).toBe("");
    const after = runCli(["--nixpkgs", "26.05", "--no-host-pass", t], { env: { NIX_BINCHECK_TODAY: "2027-01-01" } });
    expect(after.stderr).toMatch(/^nix-bincheck: warning: .*26\.05.*end of life/m);
    expect(after.code).toBe(0);
  });
});

describe("damaged files in the report", () => {
  it("a header that cannot be read and a cut file are both unparseable rows; -v lists each reader error once", () => {
    const dir = tempDir("nbc-damaged-");
    const bad = new Uint8Array(64);
    bad.set([0x7f, 0x45, 0x4c, 0x46, 9, 1, 1]);
    writeFileSync(join(dir, "badclass"), bad);
    writeFileSync(join(dir, "cut"), readFileSync("/usr/bin/ls").subarray(0, 3000));
    const table = runCli(["--no-color", dir]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^unparseable +\S*badclass +elf-bad-ident /m);
    expect(table.stdout).toMatch(/^ +\S*cut +elf-truncated /m);
    const verbose = runCli(["--no-color", "-v", dir]).stdout;
    expect(verbose).toContain("elf-bad-ident: EI_CLASS is 9; expected 1 (32-bit) or 2 (64-bit)");
    const lines = verbose.split("\n").filter((l) => /^ +elf-/.test(l));
    expect(lines.length).toBeGreaterThan(1);
    expect(new Set(lines).size).toBe(lines.length);
  });
});

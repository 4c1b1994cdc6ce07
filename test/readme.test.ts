// The README's own commands and examples, extracted from it, so the docs cannot rot: every `console`
// block is run and its output compared whole; the set-up commands, the config example and the library
// example are checked too.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/config.js";
import { ACCEPTANCE_CODES, EDGE_NOTE_CODES, FIX_CODES, PROBLEM_CODES, REJECTION_CODES } from "../src/model/diagnostics.js";
import { ELF_ERROR_CODES, ELF_ERROR_REASONS, FILE_WARNING_CODES } from "../src/model/elf.js";
import {
  FOUND_OUTSIDE_CODES,
  NIXOS_NEEDS,
  NOT_CHECKED_CODES,
  NOT_LOOKED_WHY,
  PACKAGE_PROBLEM_CODES,
  PACKAGE_STATE_CODES,
  VERSION_VERDICT_CODES,
} from "../src/model/packages.js";
import { SCAN_PROBLEM_CODES, SCAN_PROBLEM_REASONS } from "../src/model/report.js";
import { TARGET_SOURCE_CODES, TARGET_WARNING_CODES } from "../src/model/target.js";
import { FINDING_RULES } from "../src/render/words/index.js";
import { CLI, TEST_TODAY, tempDir } from "./support/run-cli.js";

const ROOT = new URL("../", import.meta.url).pathname;
const README = readFileSync(join(ROOT, "README.md"), "utf8");

function blocks(lang: string): string[] {
  const re = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g");
  return [...README.matchAll(re)].map((m) => m[1]!);
}

/** `$ command` lines and the output that follows each. */
function examples(): { command: string; output: string }[] {
  const out: { command: string; output: string }[] = [];
  for (const b of blocks("console")) {
    for (const part of b.split(/^\$ /m).slice(1)) {
      const nl = part.indexOf("\n");
      out.push({ command: part.slice(0, nl), output: part.slice(nl + 1) });
    }
  }
  return out;
}

describe("README", () => {
  const bin = tempDir("nbc-readme-");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "nix-bincheck"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, "nix-bincheck"), 0o755);

  it("has examples", () => expect(examples().length).toBeGreaterThanOrEqual(4));
  for (const ex of examples()) {
    it(`$ ${ex.command}`, () => {
      const r = spawnSync("bash", ["--norc", "--noprofile", "-c", ex.command], {
        cwd: ROOT,
        encoding: "utf8",
        // No host os-release, so the examples print the same on a NixOS machine.
        env: { PATH: `${bin}:/usr/bin:/bin`, HOME: bin, NIX_BINCHECK_OS_RELEASE: "", NIX_BINCHECK_TODAY: TEST_TODAY },
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(ex.output);
    });
  }

  it("the set-up is two commands: the main job, and the test command that CI runs", () => {
    const setup = blocks("sh")[0]!.trim().split("\n");
    expect(setup).toEqual(["npm ci && node dist/nix-bincheck.mjs node_modules", "bash .ci/run"]);
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8").trim().split("\n");
    expect(ci.at(-1)).toBe("npm test");
    const main = spawnSync(process.execPath, [CLI, "node_modules"], { cwd: ROOT, encoding: "utf8" });
    expect([0, 1]).toContain(main.status);
    expect(main.stdout).toMatch(/ELF files among \d+ files/);
  });

  it("lists every code of every closed set, and every ELF reader code", () => {
    const section = README.slice(README.indexOf("## Codes"), README.indexOf("## Exit status"));
    for (const code of [
      ...PROBLEM_CODES,
      ...EDGE_NOTE_CODES,
      ...REJECTION_CODES,
      ...ACCEPTANCE_CODES,
      ...FIX_CODES,
      ...ELF_ERROR_CODES,
      ...ELF_ERROR_REASONS,
      ...FILE_WARNING_CODES,
      ...SCAN_PROBLEM_REASONS,
      ...Object.keys(FINDING_RULES),
      ...SCAN_PROBLEM_CODES,
      ...PACKAGE_PROBLEM_CODES,
      ...NOT_CHECKED_CODES,
      ...NOT_LOOKED_WHY,
      ...FOUND_OUTSIDE_CODES,
      ...NIXOS_NEEDS,
      ...PACKAGE_STATE_CODES,
      ...VERSION_VERDICT_CODES,
    ]) {
      expect(section, code).toContain(`\`${code}\``);
    }
  });

  it("the target section lists every source and warning code", () => {
    const section = README.slice(README.indexOf("## Which NixOS is judged"), README.indexOf("## How verdicts are decided"));
    for (const code of [...TARGET_SOURCE_CODES, ...TARGET_WARNING_CODES]) expect(section, code).toContain(`\`${code}\``);
  });

  it("the configuration example is valid", () => {
    const json = blocks("json").find((b) => b.includes('"provides"'))!;
    expect(() => parseConfig(JSON.parse(json), "README.md")).not.toThrow();
  });

  it("the library example runs against the built package", () => {
    const ts = blocks("ts")[0]!;
    const dir = tempDir("nbc-lib-");
    const file = join(ROOT, `.cache/readme-example-${process.pid}.mjs`);
    mkdirSync(join(ROOT, ".cache"), { recursive: true });
    writeFileSync(file, ts.replace('scan("node_modules"', `scan(${JSON.stringify(join(ROOT, "fixtures/npm-tree/node_modules"))}`));
    const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8" });
    rmSync(file, { force: true });
    expect(r.stderr).toBe("");
    // biome's CLI is the one finding in that tree, so exitCodeFor() says 1.
    expect(r.stdout).toBe(
      `${join(ROOT, "fixtures/npm-tree/node_modules")}/@biomejs/cli-linux-x64/biome: needs-interpreter: enable programs.nix-ld, or run it through nix-alien, or patchelf --set-interpreter; or point its package at the nixpkgs build: BIOME_BINARY=\${pkgs.biome}/bin/biome\n`,
    );
    expect(r.status).toBe(1);
  });
});

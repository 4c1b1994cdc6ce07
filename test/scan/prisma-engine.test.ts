// Prisma's schema engine: looked for inside the tree where prisma@7.10.1's own code looks on NixOS
// (npm-packages.json `inTree`: schema-engine-linux-nixos in @prisma/engines, in prisma, beside it, in
// its runtime/), since prisma has no download of it for NixOS. The packages are fixtures/unbuilt-tree's
// files of the published tarballs; the engines are small stand-in ELF files.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import known from "../../src/scan/npm-packages.json" with { type: "json" };
import { buildElf } from "../support/elf-builder.js";
import { runCli, tempDir } from "../support/run-cli.js";
import { FHS_INTERP } from "../support/tree.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const UNBUILT = join(ROOT, "fixtures/unbuilt-tree/node_modules");

interface Json {
  packageIssues: { package: { name: string }; problem: Record<string, unknown> & { code: string } }[];
  packages: { package: { name: string }; files: string[]; state: string; fixText: string; inTree?: Record<string, unknown> }[];
  findings: { code: string; path: string; package: { name: string } | null; fix: { code: string; variables?: { name: string }[] }; fixText: string }[];
  files: { path: string; package?: { name: string } }[];
}

/** A project with prisma and @prisma/engines as npm installs them with --ignore-scripts. */
function project(): string {
  const dir = tempDir("nbc-prisma-");
  for (const p of ["prisma", "@prisma/engines"]) cpSync(join(UNBUILT, p), join(dir, "node_modules", p), { recursive: true });
  return dir;
}

function scan(dir: string, target: "host" | "generic", env: Record<string, string> = {}, extra: string[] = []) {
  const r = runCli(["--json", "--system", "x86_64-linux", "--no-nix-locate", "--target", target, ...extra, "node_modules"], { cwd: dir, env });
  expect(r.stderr).toBe("");
  return { code: r.code, report: JSON.parse(r.stdout) as Json };
}

const SEARCHED = ["node_modules/@prisma/engines", "node_modules/prisma", "node_modules", "node_modules/prisma/runtime"];
/** A static executable: nothing for NixOS to lack (a stand-in for a schema engine built on NixOS). */
const staticElf = () => buildElf({ type: 2 }).bytes;

describe("Prisma's schema engine, looked for in the tree", () => {
  it("missing: a binary-not-in-tree finding naming where prisma looks, with the nixpkgs variable as the fix, exit 1 (generic and host)", () => {
    const dir = project();
    for (const target of ["generic", "host"] as const) {
      const { code, report } = scan(dir, target);
      expect(code).toBe(1);
      expect(report.packageIssues.map((p) => [p.package.name, p.problem])).toEqual([
        ["prisma", { code: "binary-not-in-tree", what: "schema engine", file: "schema-engine-linux-nixos", searched: SEARCHED, other: [] }],
      ]);
      const f = report.findings.find((x) => x.code === "binary-not-in-tree")!;
      expect([f.path, f.package?.name, f.fix.code, f.fix.variables?.map((v) => v.name)]).toEqual([
        "node_modules/prisma",
        "prisma",
        "set-variable",
        ["PRISMA_SCHEMA_ENGINE_BINARY"],
      ]);
      expect(f.fixText).toBe(
        "point it at the nixpkgs build of the same version: PRISMA_SCHEMA_ENGINE_BINARY=${pkgs.prisma-engines}/bin/schema-engine (--emit shell sets it)",
      );
      const prisma = report.packages.find((p) => p.package.name === "prisma")!;
      expect([prisma.state, prisma.inTree]).toEqual([
        "binary-missing",
        { what: "schema engine", file: "schema-engine-linux-nixos", found: [], variable: null },
      ]);
    }
    // The devShell sets the variable.
    const shell = runCli(["--emit", "shell", "--system", "x86_64-linux", "--no-nix-locate", "--target", "generic", "node_modules"], { cwd: dir });
    expect(shell.stdout).toContain('"${pkgs.prisma-engines}/bin/schema-engine";');
    // Without @prisma/engines installed, its directory is not searched.
    const alone = tempDir("nbc-prisma-alone-");
    cpSync(join(UNBUILT, "prisma"), join(alone, "node_modules/prisma"), { recursive: true });
    expect(scan(alone, "generic").report.packageIssues[0]!.problem.searched).toEqual(SEARCHED.slice(1));
  });

  it("an engine built for another system (what a download on Debian leaves) is named, judged as an ELF file, and not taken for NixOS's", () => {
    const dir = project();
    const debian = join(dir, "node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x");
    writeFileSync(debian, buildElf({ type: 3, interp: FHS_INTERP, dynamic: { needed: ["libssl.so.3", "libc.so.6"] } }).bytes, { mode: 0o755 });
    const { code, report } = scan(dir, "generic");
    expect(code).toBe(1);
    expect(report.packageIssues[0]!.problem).toMatchObject({
      code: "binary-not-in-tree",
      other: ["node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x"],
    });
    // libssl.so.3 is not on NixOS: the file's own finding, beside prisma's.
    expect(report.findings.map((f) => [f.code, f.path])).toContainEqual(["needs-libraries", "node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x"]);
    const table = runCli(["--format", "short", "--system", "x86_64-linux", "--no-nix-locate", "--target", "generic", "node_modules"], { cwd: dir });
    expect(table.stdout).toContain(
      "node_modules/prisma: binary-not-in-tree: prisma@7.10.1 has no schema engine: schema-engine-linux-nixos is in none of the places its code looks (node_modules/@prisma/engines, node_modules/prisma, node_modules, node_modules/prisma/runtime), and its download has no build for NixOS; found node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x instead, built for other systems (not used on NixOS)",
    );
  });

  it("present where prisma looks: no finding; the package section names it and judges it with the package's files", () => {
    for (const at of ["node_modules/@prisma/engines", "node_modules", "node_modules/prisma/runtime"]) {
      const dir = project();
      mkdirSync(join(dir, at), { recursive: true });
      writeFileSync(join(dir, at, "schema-engine-linux-nixos"), staticElf(), { mode: 0o755 });
      const { code, report } = scan(dir, "generic");
      expect(code, at).toBe(0);
      expect(report.packageIssues).toEqual([]);
      const prisma = report.packages.find((p) => p.package.name === "prisma")!;
      expect(prisma.inTree, at).toEqual({
        what: "schema engine",
        file: "schema-engine-linux-nixos",
        found: [`${at}/schema-engine-linux-nixos`],
        variable: null,
      });
      expect(prisma.files).toEqual([`${at}/schema-engine-linux-nixos`]);
      expect(report.files.map((f) => f.path)).toEqual([`${at}/schema-engine-linux-nixos`]);
      expect(prisma.state).toBe("runs");
    }
    const dir = project();
    writeFileSync(join(dir, "node_modules/@prisma/engines/schema-engine-linux-nixos"), staticElf(), { mode: 0o755 });
    const table = runCli(["--system", "x86_64-linux", "--no-nix-locate", "--target", "generic", "node_modules"], { cwd: dir });
    expect(table.stdout).toContain("  prisma@7.10.1: runs on the judged system; nothing to do\n");
    expect(table.stdout).toContain("      schema engine found in the tree: node_modules/@prisma/engines/schema-engine-linux-nixos\n");
  });

  it("a variable naming the engine: no finding with --target host (this environment), still one with --target generic", () => {
    const dir = project();
    for (const variable of ["PRISMA_SCHEMA_ENGINE_BINARY", "PRISMA_MIGRATION_ENGINE_BINARY"]) {
      const env = { [variable]: "/run/current-system/sw/bin/schema-engine" };
      const host = scan(dir, "host", env);
      expect(host.code, variable).toBe(0);
      expect(host.report.packageIssues).toEqual([]);
      const prisma = host.report.packages.find((p) => p.package.name === "prisma")!;
      expect([prisma.state, prisma.fixText, prisma.inTree?.variable]).toEqual(["variable-set", `nothing to do while ${variable} is set`, variable]);
      // The generic target is any NixOS, not this environment: the variable is not read.
      const generic = scan(dir, "generic", env);
      expect(generic.code).toBe(1);
      expect(generic.report.packageIssues.map((p) => p.problem.code)).toEqual(["binary-not-in-tree"]);
    }
    const env = { PRISMA_SCHEMA_ENGINE_BINARY: "/run/current-system/sw/bin/schema-engine" };
    const table = runCli(["--system", "x86_64-linux", "--no-nix-locate", "--target", "host", "node_modules"], { cwd: dir, env });
    expect(table.stdout).toContain(
      "      schema engine: PRISMA_SCHEMA_ENGINE_BINARY is set in this environment, so it runs the binary named there, not one in the tree\n",
    );
    // The devShell still sets it: a devShell written from inside the last one keeps the variable.
    const shell = runCli(["--emit", "shell", "--system", "x86_64-linux", "--no-nix-locate", "--target", "host", "node_modules"], { cwd: dir, env });
    expect(shell.stdout).toContain('"${pkgs.prisma-engines}/bin/schema-engine";');
  });
});

describe("npm-packages.json: prisma's inTree row", () => {
  it("cites prisma's own file and line for where it looks, the NixOS target name and the variables, and @prisma/engines' for its directory", () => {
    const row = known.packages.prisma.inTree;
    expect([row.file, row.others, row.unless]).toEqual([
      "schema-engine-linux-nixos",
      "schema-engine-",
      ["PRISMA_SCHEMA_ENGINE_BINARY", "PRISMA_MIGRATION_ENGINE_BINARY"],
    ]);
    expect(row.dirs).toEqual([{ package: "@prisma/engines" }, { path: "." }, { path: ".." }, { path: "runtime" }]);
    for (const cited of ["prisma@7.10.1 build/cli.js:207", "build/cli.js:162", "build/cli.js:177", "@prisma/engines@7.10.1 dist/index.js:45"])
      expect(row.evidence).toContain(cited);
    // No cache row any more: prisma keeps nothing outside the tree that it runs from there.
    expect("outside" in known.packages.prisma).toBe(false);
  });
});

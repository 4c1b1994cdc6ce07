// npm packages: the owning package of every reported file, and packages whose binary was never built
// or downloaded (an install with --ignore-scripts), on files from the real published tarballs
// (fixtures/unbuilt-tree/README.md says which).
import { cpSync, linkSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NIXOS_NEEDS } from "../../src/model/packages.js";
import known from "../../src/scan/npm-packages.json" with { type: "json" };
import { knownPackage, knownVariables, packageForBinary, placeholderLine } from "../../src/scan/packages.js";
import { buildElf } from "../support/elf-builder.js";
import { runCli, tempDir } from "../support/run-cli.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const UNBUILT = join(ROOT, "fixtures/unbuilt-tree/node_modules");

interface Json {
  files: { path: string; package?: { name: string; version: string; dir: string } }[];
  packageIssues: {
    package: { name: string; version: string; dir: string };
    problem: Record<string, unknown> & { code: string };
    accepted?: { code: string };
  }[];
  notChecked: { package: { name: string }; location: string | null; variables: { name: string }[] }[];
  packages: {
    package: { name: string; version: string };
    row: string;
    files: string[];
    needs: string;
    evidence: string;
    variables: { name: string }[];
    versions: { code: string; variable: string; match: string; attr: string; npmVersion: string; nixpkgsVersion: string | null }[];
    state: string;
    fixText: string;
  }[];
  findings: {
    code: string;
    path: string;
    fix: { code: string; variables?: { name: string; use: string; nixpkgs: string | null }[] };
    package: { name: string } | null;
    pointAt: { name: string; nixpkgs: string | null }[];
    fixText: string;
  }[];
}

function scanJson(root: string, extra: string[] = [], cwd = ROOT, env: Record<string, string> = {}): { code: number | null; report: Json } {
  const r = runCli(["--json", "--system", "x86_64-linux", "--no-nix-locate", ...extra, root], { cwd, env });
  expect(r.stderr).toBe("");
  return { code: r.code, report: JSON.parse(r.stdout) as Json };
}

/** A copy of the unbuilt tree, to complete installs in. */
function copyTree(): string {
  const dir = tempDir("nbc-unbuilt-");
  cpSync(UNBUILT, join(dir, "node_modules"), { recursive: true });
  return dir;
}

const so = (machine?: number) => buildElf({ type: 3, ...(machine !== undefined ? { machine } : {}), dynamic: { needed: ["libc.so.6"] } }).bytes;

describe("packages whose binary was never built or downloaded", () => {
  it("reports each package of an --ignore-scripts install with its own code, exit 1", () => {
    const { code, report } = scanJson("fixtures/unbuilt-tree/node_modules");
    expect(code).toBe(1);
    const byName = Object.fromEntries(report.packageIssues.map((p) => [p.package.name, p.problem]));
    expect(byName).toEqual({
      "better-sqlite3": { code: "addon-not-built", bindingGyp: "binding.gyp" },
      sqlite3: { code: "addon-not-built", bindingGyp: "binding.gyp" },
      canvas: { code: "addon-not-built", bindingGyp: "binding.gyp" },
      "node-pty": { code: "no-prebuild-for-platform", platform: "linux-x64", available: ["darwin-x64"] },
      electron: { code: "binary-not-downloaded", expected: ["dist", "path.txt"], script: "node install.js" },
      bun: {
        code: "placeholder-bin",
        bins: ["bin/bun.exe", "bin/bunx.exe"],
        firstLine: `echo "Error: Bun's postinstall script was not run." >&2`,
        script: "node install.js",
      },
      esbuild: { code: "platform-package-missing", expected: "@esbuild/linux-x64", system: "x86_64-linux" },
      // Where prisma's code looks for its schema engine on NixOS: @prisma/engines (as node resolves it), itself, its parent, runtime/.
      prisma: {
        code: "binary-not-in-tree",
        what: "schema engine",
        file: "schema-engine-linux-nixos",
        searched: [
          "fixtures/unbuilt-tree/node_modules/@prisma/engines",
          "fixtures/unbuilt-tree/node_modules/prisma",
          "fixtures/unbuilt-tree/node_modules",
          "fixtures/unbuilt-tree/node_modules/prisma/runtime",
        ],
        other: [],
      },
    });
    const electron = report.packageIssues.find((p) => p.package.name === "electron")!;
    expect(electron.package).toEqual({ name: "electron", version: "41.7.1", dir: "fixtures/unbuilt-tree/node_modules/electron" });
    // esbuild's launcher works without its install script, not without its per-platform package.
    expect(byName.esbuild).toEqual({ code: "platform-package-missing", expected: "@esbuild/linux-x64", system: "x86_64-linux" });
  });

  it("a per-platform package is found where node would find it (beside, or pnpm's .pnpm/X/node_modules), not above the tree", () => {
    const dir = copyTree();
    const linux = (at: string) => {
      mkdirSync(join(dir, at), { recursive: true });
      writeFileSync(join(dir, at, "package.json"), JSON.stringify({ name: "@esbuild/linux-x64", version: "0.28.2" }));
    };
    const esbuild = (root: string) => scanJson(root, [], dir).report.packageIssues.filter((p) => p.package.name === "esbuild");
    expect(esbuild("node_modules/esbuild").map((p) => p.problem.code)).toEqual(["platform-package-missing"]);
    // For arm64 the expected package is another one.
    const arm = scanJson("node_modules/esbuild", ["--system", "aarch64-linux"], dir).report.packageIssues;
    expect(arm.find((p) => p.package.name === "esbuild")?.problem).toMatchObject({ expected: "@esbuild/linux-arm64" });
    linux("node_modules/@esbuild/linux-x64");
    expect(esbuild("node_modules")).toEqual([]);
    // pnpm: the package and its platform package side by side under .pnpm/esbuild@V/node_modules.
    const pnpm = join(dir, "p");
    mkdirSync(join(pnpm, "node_modules/.pnpm/esbuild@0.28.2/node_modules"), { recursive: true });
    cpSync(join(dir, "node_modules/esbuild"), join(pnpm, "node_modules/.pnpm/esbuild@0.28.2/node_modules/esbuild"), { recursive: true });
    expect(esbuild("p/node_modules").length).toBe(1);
    linux("p/node_modules/.pnpm/esbuild@0.28.2/node_modules/@esbuild/linux-x64");
    expect(esbuild("p/node_modules")).toEqual([]);
  });

  it("puts the variables the package's own code reads into the fix, as data", () => {
    const { report } = scanJson("fixtures/unbuilt-tree/node_modules");
    const electron = report.findings.find((f) => f.code === "binary-not-downloaded")!;
    expect(electron.path).toBe("fixtures/unbuilt-tree/node_modules/electron");
    expect(electron.package?.name).toBe("electron");
    expect(electron.fix.code).toBe("run-install-script");
    expect(electron.fix.variables?.map((v) => [v.name, v.use])).toEqual([
      ["ELECTRON_OVERRIDE_DIST_PATH", "binary-path"],
      ["ELECTRON_SKIP_BINARY_DOWNLOAD", "skip-download"],
    ]);
    expect(report.findings.find((f) => f.code === "addon-not-built")!.fix.code).toBe("build-addon");
    const nixpkgs = electron.fix.variables?.map((v) => [v.name, v.nixpkgs]);
    expect(nixpkgs).toEqual([
      ["ELECTRON_OVERRIDE_DIST_PATH", "${pkgs.electron_41-bin.dist}"],
      ["ELECTRON_SKIP_BINARY_DOWNLOAD", null],
    ]);
  });

  it("SARIF and the short format carry the package findings, with the package and the fix's variables", () => {
    const r = runCli(["--format", "sarif", "--system", "x86_64-linux", "fixtures/unbuilt-tree/node_modules"], { cwd: ROOT });
    expect(r.code).toBe(1);
    const run = JSON.parse(r.stdout).runs[0];
    const electron = run.results.find((x: { ruleId: string }) => x.ruleId === "binary-not-downloaded");
    expect(electron.properties.package).toEqual({ name: "electron", version: "41.7.1", dir: "fixtures/unbuilt-tree/node_modules/electron" });
    expect(electron.properties.fix.variables[0].name).toBe("ELECTRON_OVERRIDE_DIST_PATH");
    expect(run.tool.driver.rules.map((x: { id: string; shortDescription: { text: string } }) => x.shortDescription.text)).not.toContain(
      "binary-not-downloaded",
    );
    const short = runCli(["--format", "short", "--system", "x86_64-linux", "fixtures/unbuilt-tree/node_modules/electron"], { cwd: ROOT });
    expect(short.stdout).toBe(
      "fixtures/unbuilt-tree/node_modules/electron: binary-not-downloaded: electron@41.7.1 dist, path.txt absent: its install script (node install.js) did not run, so the binary was never downloaded\n" +
        "    fix: run its install script (cd fixtures/unbuilt-tree/node_modules/electron && node install.js), or point it at a nixpkgs build of the same version: ELECTRON_OVERRIDE_DIST_PATH=${pkgs.electron_41-bin.dist} (ELECTRON_SKIP_BINARY_DOWNLOAD skips the download)\n",
    );
  });

  it("the per-package section: every known package with what it needs, its files and the evidence", () => {
    const { report } = scanJson("fixtures/unbuilt-tree/node_modules");
    expect(report.packages.map((p) => [p.package.name, p.needs])).toEqual([
      ["better-sqlite3", "build-from-source"],
      ["bun", "loader-fix"],
      ["canvas", "build-from-source"],
      ["cypress", "nixpkgs-build"],
      ["electron", "nixpkgs-build"],
      ["esbuild", "nothing"],
      ["node-pty", "build-from-source"],
      ["playwright-core", "nixpkgs-build"],
      ["prisma", "nixpkgs-build"],
      ["puppeteer", "nixpkgs-build"],
      ["sqlite3", "build-from-source"],
    ]);
    // The JSON has each one's state and fix in words too.
    const electron = report.packages.find((p) => p.package.name === "electron")!;
    expect([electron.state, electron.fixText]).toEqual([
      "binary-missing",
      "set ELECTRON_OVERRIDE_DIST_PATH=${pkgs.electron_41-bin.dist} (the nixpkgs build must be the version the package expects; --emit shell sets it)",
    ]);
    expect(report.packages.find((p) => p.package.name === "playwright-core")!.state).toBe("outside-tree");
    const table = runCli(["--system", "x86_64-linux", "fixtures/unbuilt-tree/node_modules"], { cwd: ROOT }).stdout;
    expect(table).toContain("npm packages with known NixOS fixes: 11");
    expect(table).toContain(
      "  electron@41.7.1: binary never built or downloaded; set ELECTRON_OVERRIDE_DIST_PATH=${pkgs.electron_41-bin.dist} (the nixpkgs build must be the version the package expects; --emit shell sets it)",
    );
    expect(table).toContain(
      "  canvas@3.2.3: binary never built or downloaded; npm rebuild canvas in a shell with python3, make, a C++ compiler and pkg-config, pixman, cairo",
    );
    expect(table).toContain("  prisma@7.10.1: binary never built or downloaded; set PRISMA_SCHEMA_ENGINE_BINARY=${pkgs.prisma-engines}/bin/schema-engine");
    expect(table).toContain("      schema engine: no schema-engine-linux-nixos in the tree\n");
  });

  it("a platform binary that does not run gets its package's variable as the other fix, in every format; one that runs says nothing to do", () => {
    const { code, report } = scanJson("fixtures/npm-tree/node_modules");
    expect(code).toBe(1);
    const biome = report.packages.find((p) => p.row === "@biomejs/biome")!;
    expect(biome.package.name).toBe("@biomejs/cli-linux-x64");
    expect(biome.files).toEqual(["fixtures/npm-tree/node_modules/@biomejs/cli-linux-x64/biome"]);
    const finding = report.findings.find((f) => f.path === biome.files[0])!;
    expect(finding.pointAt.map((v) => [v.name, v.nixpkgs])).toEqual([["BIOME_BINARY", "${pkgs.biome}/bin/biome"]]);
    expect(finding.fixText).toContain("; or point its package at the nixpkgs build: BIOME_BINARY=${pkgs.biome}/bin/biome");
    const gh = runCli(["--format", "github", "--system", "x86_64-linux", "fixtures/npm-tree/node_modules"], { cwd: ROOT }).stdout;
    expect(gh).toMatch(/cli-linux-x64\/biome.*BIOME_BINARY=\$\{pkgs.biome\}\/bin\/biome/);
    const sarif = JSON.parse(runCli(["--format", "sarif", "--system", "x86_64-linux", "fixtures/npm-tree/node_modules"], { cwd: ROOT }).stdout);
    const result = sarif.runs[0].results.find((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      x.locations[0]!.physicalLocation.artifactLocation.uri.endsWith("cli-linux-x64/biome"),
    );
    expect(result.message.text).toContain("BIOME_BINARY=${pkgs.biome}/bin/biome");
    // sharp's addon loads its bundled libvips: the row says nothing to do, and the table says so.
    expect(report.packages.find((p) => p.package.name === "sharp")?.needs).toBe("nothing");
    const table = runCli(["--system", "x86_64-linux", "fixtures/npm-tree/node_modules"], { cwd: ROOT }).stdout;
    expect(table).toMatch(/ {2}sharp@[0-9.]+: runs on the judged system; nothing to do\n/);
  });

  it("a variable pointing a package at a nixpkgs build of another version is a finding with both versions; the right version passes", () => {
    const dir = copyTree();
    const hash = "0123456789abcdfghijklmnpqrsvwxyz";
    const env = {
      PRISMA_SCHEMA_ENGINE_BINARY: `/nix/store/${hash}-prisma-engines-6.7.0/bin/schema-engine`,
      ELECTRON_OVERRIDE_DIST_PATH: `/nix/store/${hash}-electron-41.2.0/libexec/electron`,
    };
    // --target host: the variable names the engine, so the engine missing from the tree is no finding.
    const host = ["--target", "host"];
    const wrong = scanJson("node_modules/prisma", host, dir, env);
    expect(wrong.code).toBe(1);
    expect(wrong.report.packageIssues.map((p) => p.problem)).toEqual([
      {
        code: "nixpkgs-version-mismatch",
        variable: "PRISMA_SCHEMA_ENGINE_BINARY",
        value: env.PRISMA_SCHEMA_ENGINE_BINARY,
        match: "exact",
        attr: "prisma-engines",
        npmVersion: "7.10.1",
        nixpkgsVersion: "6.7.0",
      },
    ]);
    expect(wrong.report.findings[0]!.fixText).toBe(
      "use a nixpkgs whose prisma-engines is exactly 7.10.1, or pin the npm package at the nixpkgs version (npm install prisma@6.7.0), or unset PRISMA_SCHEMA_ENGINE_BINARY and run the package's own download under nix-ld",
    );
    const table = runCli(["--system", "x86_64-linux", ...host, "node_modules/prisma"], { cwd: dir, env }).stdout;
    expect(table).toContain("prisma@7.10.1: pointed at a nixpkgs build of another version; use a nixpkgs whose prisma-engines is exactly 7.10.1");
    expect(table).toContain("version: PRISMA_SCHEMA_ENGINE_BINARY: nixpkgs prisma-engines 6.7.0 is not exactly 7.10.1");
    // The same tree with prisma at the nixpkgs version: the variable's build matches, no finding for it.
    const pkg = join(dir, "node_modules/prisma/package.json");
    writeFileSync(pkg, readFileSync(pkg, "utf8").replace('"version": "7.10.1"', '"version": "6.7.0"'));
    const right = scanJson("node_modules/prisma", host, dir, env);
    expect(right.code).toBe(0);
    expect(right.report.packages[0]!.versions).toEqual([
      { code: "matches", variable: "PRISMA_SCHEMA_ENGINE_BINARY", match: "exact", attr: "prisma-engines", npmVersion: "6.7.0", nixpkgsVersion: "6.7.0" },
    ]);
    // Electron matches by major: 41.2.0 for electron 41.7.1 is no version finding (the missing dist/ still is one).
    const electron = scanJson("node_modules/electron", [], dir, env);
    expect(electron.report.packageIssues.map((p) => p.problem.code)).toEqual(["binary-not-downloaded"]);
    expect(electron.report.packages[0]!.versions.map((v) => [v.code, v.attr, v.nixpkgsVersion])).toEqual([["matches", "electron_41-bin", "41.2.0"]]);
    // Without the variable set, the devShell checks when evaluated.
    expect(scanJson("node_modules/prisma", host, dir).report.packages[0]!.versions[0]!.code).toBe("checked-when-evaluated");
  });

  it("PLAYWRIGHT_BROWSERS_PATH holding other browser revisions than playwright-core's browsers.json is a finding; the right ones pass", () => {
    const dir = copyTree();
    const browsers = (names: string[]) => {
      const b = tempDir("nbc-browsers-");
      for (const n of names) mkdirSync(join(b, n));
      return b;
    };
    // What a playwright-driver of another version links: chromium and firefox at other revisions, ffmpeg.
    const older = browsers(["chromium-1140", "firefox-1466", "ffmpeg-1010"]);
    const wrong = scanJson("node_modules/playwright-core", [], dir, { PLAYWRIGHT_BROWSERS_PATH: older });
    expect(wrong.code).toBe(1);
    expect(wrong.report.packageIssues.map((p) => p.problem)).toEqual([
      {
        code: "browser-revision-mismatch",
        variable: "PLAYWRIGHT_BROWSERS_PATH",
        value: older,
        attr: "playwright-driver",
        npmVersion: "1.65.2",
        wanted: ["chromium-1255", "firefox-1572", "ffmpeg-1013"],
        found: ["chromium-1140", "ffmpeg-1010", "firefox-1466"],
      },
    ]);
    expect(wrong.report.findings[0]!.fixText).toContain("use a nixpkgs whose playwright-driver is exactly 1.65.2");
    // The revisions browsers.json names: matches, no finding.
    const right = scanJson("node_modules/playwright-core", [], dir, {
      PLAYWRIGHT_BROWSERS_PATH: browsers(["chromium-1255", "chromium_headless_shell-1255", "firefox-1572"]),
    });
    expect(right.code).toBe(0);
    expect(right.report.packages[0]!.versions.map((v) => v.code)).toEqual(["matches"]);
  });

  it("names the packages that keep their binaries outside the tree as not looked at, without failing", () => {
    const { report } = scanJson("fixtures/unbuilt-tree/node_modules");
    expect(report.notChecked.map((n) => [n.package.name, n.location])).toEqual([
      ["cypress", "~/.cache/Cypress"],
      ["playwright-core", "$XDG_CACHE_HOME/ms-playwright or ~/.cache/ms-playwright"],
      ["puppeteer", "~/.cache/puppeteer"],
    ]);
    expect(report.notChecked.find((n) => n.package.name === "playwright-core")!.variables.map((v) => v.name)).toContain("PLAYWRIGHT_BROWSERS_PATH");
    // Alone, they do not fail the run, and the table says they were not looked at.
    const dir = tempDir("nbc-outside-");
    mkdirSync(join(dir, "node_modules"));
    cpSync(join(UNBUILT, "playwright-core"), join(dir, "node_modules/playwright-core"), { recursive: true });
    const r = runCli(["--system", "x86_64-linux", "node_modules"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("playwright-core@1.65.2 keeps its browsers in $XDG_CACHE_HOME/ms-playwright or ~/.cache/ms-playwright: not looked at");
    expect(r.stdout).toMatch(/nothing to fix for x86_64-linux \(1 npm package keeps its binaries outside the tree: not looked at\)/);
    rmSync(dir, { recursive: true, force: true });
  });

  it("says nothing once the installs are complete (addon built or prebuilt, download present, real binary)", () => {
    const dir = copyTree();
    const nm = join(dir, "node_modules");
    for (const [pkg, file] of [
      ["better-sqlite3", "build/Release/better_sqlite3.node"],
      ["sqlite3", "build/Release/node_sqlite3.node"],
      ["canvas", "build/Release/canvas.node"],
      ["node-pty", "prebuilds/linux-x64/pty.node"],
    ] as const) {
      mkdirSync(join(nm, pkg, file, ".."), { recursive: true });
      writeFileSync(join(nm, pkg, file), so());
    }
    mkdirSync(join(nm, "electron/dist"));
    writeFileSync(join(nm, "electron/path.txt"), "electron");
    for (const bin of ["bin/bun.exe", "bin/bunx.exe"]) writeFileSync(join(nm, "bun", bin), buildElf({ type: 2, interp: "/lib64/ld-linux-x86-64.so.2" }).bytes);
    mkdirSync(join(nm, "@esbuild/linux-x64"), { recursive: true });
    writeFileSync(join(nm, "@esbuild/linux-x64/package.json"), JSON.stringify({ name: "@esbuild/linux-x64", version: "0.28.2" }));
    writeFileSync(join(nm, "@prisma/engines/schema-engine-linux-nixos"), buildElf({ type: 2 }).bytes, { mode: 0o755 });
    const { report } = scanJson("node_modules", [], dir);
    expect(report.packageIssues).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds packages in pnpm's layout (node_modules/.pnpm/NAME@VERSION/node_modules/NAME)", () => {
    const dir = tempDir("nbc-pnpm-");
    const inner = join(dir, "node_modules/.pnpm/electron@41.7.1/node_modules/electron");
    mkdirSync(inner, { recursive: true });
    cpSync(join(UNBUILT, "electron"), inner, { recursive: true });
    symlinkSync(".pnpm/electron@41.7.1/node_modules/electron", join(dir, "node_modules/electron"));
    const { report } = scanJson("node_modules", [], dir);
    expect(report.packageIssues.map((p) => [p.package.dir, p.problem.code])).toEqual([
      ["node_modules/.pnpm/electron@41.7.1/node_modules/electron", "binary-not-downloaded"],
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("an addon hard-linked into two packages (as pnpm's store does) counts for both", () => {
    const dir = tempDir("nbc-hardlink-");
    for (const pkg of ["a", "b"]) {
      mkdirSync(join(dir, "node_modules", pkg, "build/Release"), { recursive: true });
      writeFileSync(join(dir, "node_modules", pkg, "package.json"), JSON.stringify({ name: pkg, version: "1.0.0" }));
      writeFileSync(join(dir, "node_modules", pkg, "binding.gyp"), "{}");
    }
    writeFileSync(join(dir, "node_modules/a/build/Release/addon.node"), so());
    linkSync(join(dir, "node_modules/a/build/Release/addon.node"), join(dir, "node_modules/b/build/Release/addon.node"));
    const { report } = scanJson("node_modules", [], dir);
    expect(report.packageIssues).toEqual([]);
    rmSync(join(dir, "node_modules/a/build"), { recursive: true });
    expect(scanJson("node_modules", [], dir).report.packageIssues.map((p) => p.package.name)).toEqual(["a"]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("an addon built for another machine does not count; a per-platform optional package does", () => {
    const dir = copyTree();
    const nm = join(dir, "node_modules");
    mkdirSync(join(nm, "better-sqlite3/build/Release"), { recursive: true });
    writeFileSync(join(nm, "better-sqlite3/build/Release/better_sqlite3.node"), so(183));
    // As @parcel/watcher does: binding.gyp at the root, the addon in an optional per-platform package.
    const manifest = JSON.parse(readFileSync(join(nm, "canvas/package.json"), "utf8"));
    manifest.optionalDependencies = { "canvas-linux-x64-glibc": manifest.version };
    writeFileSync(join(nm, "canvas/package.json"), JSON.stringify(manifest));
    const { report } = scanJson("node_modules", [], dir);
    const names = report.packageIssues.map((p) => p.package.name);
    expect(names).toContain("better-sqlite3");
    expect(names).not.toContain("canvas");
    rmSync(dir, { recursive: true, force: true });
  });

  // As the bare-* packages (Holepunch's Bare runtime) ship their addons: prebuilds/PLATFORM/NAME.bare,
  // ELF shared objects. bare-buffer 3.7.4 and eleven siblings in the bench's npm tree were reported as
  // having no prebuild for linux-x64 while they had one.
  it("a Bare addon (.bare) is a prebuild; a binding.gyp below a package's root (an example) is not an unbuilt package", () => {
    const dir = tempDir("nbc-bare-");
    const nm = join(dir, "node_modules");
    for (const [name, platforms] of [
      ["bare-here", ["linux-x64", "darwin-arm64"]],
      ["bare-elsewhere", ["darwin-arm64", "win32-x64"]],
    ] as const) {
      mkdirSync(join(nm, name), { recursive: true });
      writeFileSync(join(nm, name, "package.json"), JSON.stringify({ name, version: "1.0.0" }));
      for (const p of platforms) {
        mkdirSync(join(nm, name, "prebuilds", p), { recursive: true });
        writeFileSync(join(nm, name, "prebuilds", p, `${name}.bare`), so(p === "linux-x64" ? 62 : 183));
      }
    }
    // napi-macros ships an example/ with its own binding.gyp and package.json, never built on install.
    mkdirSync(join(nm, "napi-macros/example"), { recursive: true });
    writeFileSync(join(nm, "napi-macros/package.json"), JSON.stringify({ name: "napi-macros", version: "2.2.2" }));
    writeFileSync(join(nm, "napi-macros/example/package.json"), JSON.stringify({ name: "napi-macros-example", version: "0.0.0" }));
    writeFileSync(join(nm, "napi-macros/example/binding.gyp"), "{}\n");
    const { report } = scanJson("node_modules", [], dir);
    expect(report.packageIssues.map((p) => [p.package.name, p.problem.code])).toEqual([["bare-elsewhere", "no-prebuild-for-platform"]]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("the policy applies: accept rules and baselines name the package's directory and the code", () => {
    const dir = copyTree();
    writeFileSync(
      join(dir, "nix-bincheck.config.json"),
      JSON.stringify({ accept: [{ path: "node_modules/better-sqlite3", code: "addon-not-built", reason: "built by the Nix derivation" }] }),
    );
    const { report } = scanJson("node_modules", [], dir);
    expect(report.packageIssues.find((p) => p.package.name === "better-sqlite3")!.accepted).toEqual({
      code: "accept-rule",
      reason: "built by the Nix derivation",
    });
    expect(report.findings.some((f) => f.package?.name === "better-sqlite3")).toBe(false);
    const written = runCli(["--system", "x86_64-linux", "--no-nix-locate", "--write-baseline", "node_modules"], { cwd: dir });
    expect(written.code).toBe(0);
    const again = runCli(["--system", "x86_64-linux", "--no-nix-locate", "node_modules"], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to fix for x86_64-linux \(8 accepted\)/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("the owning package", () => {
  it("every ELF file in node_modules names its package, name, version and directory", () => {
    const { report } = scanJson("fixtures/npm-tree/node_modules");
    expect(report.files.length).toBeGreaterThan(0);
    for (const f of report.files) expect(f.package, f.path).toBeDefined();
    const biome = report.files.find((f) => f.path.endsWith("/biome"))!;
    expect(biome.package).toMatchObject({ name: "@biomejs/cli-linux-x64", dir: "fixtures/npm-tree/node_modules/@biomejs/cli-linux-x64" });
    const finding = report.findings.find((f) => f.path === biome.path)!;
    expect(finding.package?.name).toBe("@biomejs/cli-linux-x64");
  });

  it("passes over package.json files without a name, stops at node_modules, and gives none outside it", () => {
    const dir = tempDir("nbc-owner-");
    mkdirSync(join(dir, "node_modules/pkg/lib/esm"), { recursive: true });
    mkdirSync(join(dir, "tools"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "project", version: "1.0.0" }));
    writeFileSync(join(dir, "node_modules/pkg/package.json"), JSON.stringify({ name: "pkg", version: "2.0.0" }));
    writeFileSync(join(dir, "node_modules/pkg/lib/esm/package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(dir, "node_modules/pkg/lib/esm/tool.so"), so());
    writeFileSync(join(dir, "node_modules/loose.so"), so());
    writeFileSync(join(dir, "tools/tool.so"), so());
    const { report } = scanJson(".", [], dir);
    const pkgOf = (p: string) => report.files.find((f) => f.path === p)?.package ?? null;
    expect(pkgOf("./node_modules/pkg/lib/esm/tool.so")).toEqual({ name: "pkg", version: "2.0.0", dir: "./node_modules/pkg" });
    expect(pkgOf("./node_modules/loose.so")).toBeNull();
    expect(pkgOf("./tools/tool.so")).toBeNull();
    expect(report.files).toHaveLength(3);
    rmSync(dir, { recursive: true, force: true });
  });

  // Below a root, package.json is read only where the walk met one (a file or a link); above a root the
  // walk met nothing, so the directories up to node_modules are read as before.
  it("finds the package through a linked package.json, and above a root that starts inside the package", () => {
    const dir = tempDir("nbc-owner-");
    mkdirSync(join(dir, "store"));
    mkdirSync(join(dir, "node_modules/linked/build/Release"), { recursive: true });
    mkdirSync(join(dir, "node_modules/plain/build/Release"), { recursive: true });
    writeFileSync(join(dir, "store/package.json"), JSON.stringify({ name: "linked", version: "3.1.0" }));
    symlinkSync("../../store/package.json", join(dir, "node_modules/linked/package.json"));
    writeFileSync(join(dir, "node_modules/plain/package.json"), JSON.stringify({ name: "plain", version: "0.4.0" }));
    writeFileSync(join(dir, "node_modules/linked/build/Release/addon.node"), so());
    writeFileSync(join(dir, "node_modules/plain/build/Release/addon.node"), so());
    const whole = scanJson("node_modules", [], dir).report;
    expect(whole.files.map((f) => [f.path, f.package?.name, f.package?.version])).toEqual([
      ["node_modules/linked/build/Release/addon.node", "linked", "3.1.0"],
      ["node_modules/plain/build/Release/addon.node", "plain", "0.4.0"],
    ]);
    // A root given with a trailing slash lists its own package.json as "DIR/package.json": still DIR's.
    for (const root of ["node_modules/plain/", "node_modules/plain/build", "node_modules/plain/build/", "node_modules/plain/build/Release/addon.node"]) {
      const inner = scanJson(root, [], dir).report;
      expect(
        inner.files.map((f) => f.package?.dir),
        root,
      ).toEqual(["node_modules/plain"]);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("the table labels rows with the package", () => {
    const r = runCli(["--system", "x86_64-linux", "fixtures/npm-tree/node_modules"], { cwd: ROOT });
    expect(r.stdout.split("\n")[0]).toMatch(/^VERDICT +PACKAGE +FILE +WHAT +FIX$/);
    expect(r.stdout).toMatch(/needs-interpreter +@biomejs\/cli-linux-x64@[0-9.]+ +fixtures\/npm-tree\/node_modules\/@biomejs\/cli-linux-x64\/biome/);
  });
});

describe("npm-packages.json", () => {
  it("every variable has a known use and evidence naming the version, file and line read", () => {
    for (const [name, entry] of Object.entries(known.packages)) {
      const vars = knownVariables(name);
      expect(vars.length).toBe(entry.variables.length);
      for (const v of vars)
        expect(v.evidence, `${name} ${v.name}`).toMatch(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}@[0-9.]+ [\\w./-]+:\\d+`));
    }
    // A nixpkgs value comes with the nixpkgs file that shows where the build keeps it.
    for (const entry of Object.values(known.packages))
      for (const v of entry.variables as { name: string; nixpkgs?: { value: string; evidence: string } }[])
        if (v.nixpkgs) {
          expect(v.nixpkgs.value, v.name).toMatch(/^\$\{pkgs\.[\w.{}-]+\}/);
          expect(v.nixpkgs.evidence, v.name).toMatch(/^nixpkgs pkgs\/[\w./-]+\.nix: /);
        }
    expect(knownVariables("esbuild").map((v) => [v.name, v.nixpkgs])).toEqual([["ESBUILD_BINARY_PATH", "${pkgs.esbuild}/bin/esbuild"]]);
    expect(knownVariables("prisma").map((v) => v.name)).toEqual(["PRISMA_SCHEMA_ENGINE_BINARY"]);
  });

  // The packages the issue names: each has a row saying what it needs on NixOS, with what was checked.
  const ISSUE_PACKAGES = [
    "prisma",
    "playwright-core",
    "puppeteer",
    "electron",
    "cypress",
    "esbuild",
    "@swc/core",
    "turbo",
    "sass-embedded",
    "@biomejs/biome",
    "node-pty",
    "better-sqlite3",
    "sqlite3",
    "canvas",
    "sharp",
    "@tailwindcss/oxide",
    "lightningcss",
    "rollup",
    "@parcel/watcher",
    "bun",
    "miniflare",
    "@vscode/ripgrep",
  ];
  const cited = /^((?:@[\w.-]+\/)?[\w.-]+)@(\d[\w.-]*) ([\w./-]+)/;

  it("every package the issue names has a row with its NixOS need and the published file that shows it", () => {
    for (const name of ISSUE_PACKAGES) {
      const k = knownPackage(name);
      expect(k, name).not.toBeNull();
      expect(NIXOS_NEEDS, name).toContain(k!.nixos.needs);
      // Evidence names a package of this row (itself or a per-platform package it lists), its version and a file.
      const m = cited.exec(k!.nixos.evidence);
      expect(m, `${name}: ${k!.nixos.evidence}`).not.toBeNull();
      const own = [name, ...Object.values(k!.binaryPackages ?? {}), ...(name === "bun" ? ["@oven/bun-linux-x64"] : [])];
      expect(own, `${name}: evidence cites ${m![1]}`).toContain(m![1]);
      // "nothing" is said only of binaries whose linking was read: static, or what the loading node has.
      if (k!.nixos.needs === "nothing") expect(k!.nixos.evidence, name).toMatch(/readelf -[ld]/);
      if (k!.nixos.needs === "build-from-source") expect(k!.nixos.evidence, name).toMatch(/binding\.gyp|prebuilds\//);
      if (k!.build) expect(k!.build.evidence, name).toMatch(new RegExp(`^${name}@[0-9.]+ binding\\.gyp:\\d+`));
    }
    // Every row, not only these, parses.
    for (const name of Object.keys(known.packages)) expect(knownPackage(name)?.nixos.evidence, name).toMatch(cited);
  });

  it("the variables found in the published sources, and none where the source reads none", () => {
    const names = (p: string) => knownVariables(p).map((v) => v.name);
    expect(names("@biomejs/biome")).toEqual(["BIOME_BINARY"]);
    expect(names("turbo")).toEqual(["TURBO_BINARY_PATH"]);
    expect(names("@swc/core")).toEqual(["SWC_BINARY_PATH"]);
    expect(names("@tailwindcss/oxide")).toEqual(["NAPI_RS_NATIVE_LIBRARY_PATH"]);
    expect(names("miniflare")).toEqual(["MINIFLARE_WORKERD_PATH"]);
    for (const p of ["sass-embedded", "lightningcss", "rollup", "@parcel/watcher", "sharp", "@vscode/ripgrep", "canvas", "node-pty"])
      expect(names(p), p).toEqual([]);
    expect(knownVariables("@biomejs/biome")[0]!.nixpkgs).toBe("${pkgs.biome}/bin/biome");
    expect(knownVariables("prisma")[0]!.nixpkgs).toBe("${pkgs.prisma-engines}/bin/schema-engine");
    // miniflare's workerd has no nixpkgs build to point at: the variable is listed, with no value.
    expect(knownVariables("miniflare")[0]!.nixpkgs).toBeNull();
    expect(packageForBinary("@biomejs/cli-linux-x64")).toBe("@biomejs/biome");
    expect(packageForBinary("@cloudflare/workerd-linux-64")).toBe("miniflare");
    expect(packageForBinary("left-pad")).toBeNull();
  });

  it("version rules: exact for Playwright's browsers, Prisma's engines and esbuild, major for Electron, each with evidence and the nixpkgs versions read", () => {
    const rules = Object.entries(known.packages).flatMap(([name, p]) =>
      (p.variables as { name: string; nixpkgs?: { version?: { match: string; attr: string; evidence: string; read: string[] } } }[]).flatMap((v) =>
        v.nixpkgs?.version ? [{ name, variable: v.name, ...v.nixpkgs.version }] : [],
      ),
    );
    expect(rules.map((r) => [r.name, r.variable, r.match, r.attr])).toEqual([
      ["electron", "ELECTRON_OVERRIDE_DIST_PATH", "major", "electron_{major}-bin"],
      ["esbuild", "ESBUILD_BINARY_PATH", "exact", "esbuild"],
      ["playwright-core", "PLAYWRIGHT_BROWSERS_PATH", "exact", "playwright-driver"],
      ["prisma", "PRISMA_SCHEMA_ENGINE_BINARY", "exact", "prisma-engines"],
    ]);
    for (const r of rules) {
      expect(r.evidence, r.variable).toMatch(new RegExp(`^${r.name}@[0-9.]+ [\\w./-]+:\\d+`));
      expect(r.read.length, r.variable).toBeGreaterThan(0);
      for (const read of r.read) expect(read, r.variable).toMatch(/ in nixpkgs pkgs\/[\w./-]+\.nix at commit [0-9a-f]{40}$/);
    }
    // The installed major fills the attribute: electron 41 gets electron_41-bin.
    expect(knownVariables("electron", "41.7.1")[0]!.version).toMatchObject({ match: "major", attr: "electron_41-bin" });
    expect(knownVariables("electron", "41.7.1")[0]!.nixpkgs).toBe("${pkgs.electron_41-bin.dist}");
  });

  it("a placeholder is readable text that is neither ELF nor a #! script", () => {
    const enc = new TextEncoder();
    expect(placeholderLine(readFileSync(join(UNBUILT, "bun/bin/bun.exe")))).toBe(`echo "Error: Bun's postinstall script was not run." >&2`);
    expect(placeholderLine(so())).toBeNull();
    expect(placeholderLine(enc.encode("#!/usr/bin/env node\nrequire('x')\n"))).toBeNull();
    expect(placeholderLine(new Uint8Array([0xcf, 0xfa, 0xed, 0xfe, 0, 0]))).toBeNull();
    expect(placeholderLine(null)).toBeNull();
  });
});

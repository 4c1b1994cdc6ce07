// Binaries npm packages keep outside the tree (Playwright's and Puppeteer's browsers, Cypress's app):
// with --target host they are looked for where the package's own code looks (npm-packages.json,
// outside.look), in fixture caches under a temporary HOME / XDG_CACHE_HOME; with --target generic they
// stay "not looked at". The packages are fixtures/unbuilt-tree's files of the published tarballs.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lookRule, outsideLocation } from "../../src/scan/outside.js";
import { buildElf } from "../support/elf-builder.js";
import { runCli, tempDir } from "../support/run-cli.js";
import { exe, lib } from "../support/tree.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const UNBUILT = join(ROOT, "fixtures/unbuilt-tree/node_modules");
// Prisma looks for its engine in the tree, not in a cache (test/scan/prisma-engine.test.ts).
const PACKAGES = ["playwright-core", "puppeteer", "puppeteer-core", "cypress"];

interface Json {
  packageIssues: { package: { name: string }; problem: Record<string, unknown> & { code: string } }[];
  notChecked: { package: { name: string }; why: string; variable: string | null }[];
  foundOutside: { package: { name: string }; location: string; from: string; found: string[]; scanned: string[] }[];
  packages: { package: { name: string }; state: string }[];
  findings: { code: string; path: string; missing: string[]; package: { name: string } | null; fix: { code: string; script?: string }; fixText: string }[];
  files: {
    path: string;
    package?: { name: string };
    outsideOf?: { name: string; dir: string };
    analysis?: { verdict: string; missing: string[]; edges: { name: string; status: string }[] };
  }[];
  mapping: { packages: { attr: string; sonames: string[]; files: string[] }[]; interpreterNeeded: string[] };
}

/** A project with the four packages that keep binaries outside the tree, and an empty HOME. */
function project(): { dir: string; home: string } {
  const dir = tempDir("nbc-outside-");
  for (const p of PACKAGES) cpSync(join(UNBUILT, p), join(dir, "node_modules", p), { recursive: true });
  const home = join(dir, "home");
  mkdirSync(home);
  return { dir, home };
}

function scan(dir: string, target: "host" | "generic", env: Record<string, string>): { code: number | null; report: Json; stdout: string } {
  const r = runCli(["--json", "--system", "x86_64-linux", "--no-nix-locate", "--target", target, "node_modules"], { cwd: dir, env });
  expect(r.stderr).toBe("");
  return { code: r.code, report: JSON.parse(r.stdout) as Json, stdout: r.stdout };
}

const mkdirs = (...paths: string[]) => {
  for (const p of paths) mkdirSync(p, { recursive: true });
};

describe("binaries kept outside the tree", () => {
  it("--target generic does not look, whatever this machine has: not looked at, exit 0", () => {
    const { dir, home } = project();
    mkdirs(join(home, ".cache/ms-playwright/chromium-1255"));
    const { code, report } = scan(dir, "generic", { HOME: home });
    expect(code).toBe(0);
    expect(report.notChecked.map((n) => [n.package.name, n.why])).toEqual([
      ["cypress", "generic-target"],
      ["playwright-core", "generic-target"],
      ["puppeteer", "generic-target"],
    ]);
    expect(report.foundOutside).toEqual([]);
    const table = runCli(["--system", "x86_64-linux", "--no-nix-locate", "--target", "generic", "node_modules"], { cwd: dir, env: { HOME: home } });
    expect(table.stdout).toContain(
      "playwright-core@1.65.2 keeps its browsers in $XDG_CACHE_HOME/ms-playwright or ~/.cache/ms-playwright: not looked at (the target is generic, not this machine; --target host looks)",
    );
  });

  it("--target host with empty caches: a binaries-missing-outside finding per package, with its install command, exit 1", () => {
    const { dir, home } = project();
    const { code, report } = scan(dir, "host", { HOME: home });
    expect(code).toBe(1);
    expect(report.packageIssues.map((p) => [p.package.name, p.problem])).toEqual([
      [
        "cypress",
        {
          code: "binaries-missing-outside",
          what: "app binary",
          location: `${home}/.cache/Cypress`,
          from: "HOME",
          expected: ["15.3.0/Cypress/Cypress"],
          other: [],
          install: "node dist/index.js --exec install",
        },
      ],
      [
        "playwright-core",
        {
          code: "binaries-missing-outside",
          what: "browsers",
          location: `${home}/.cache/ms-playwright`,
          from: "HOME",
          // What browsers.json installs by default, each with its executable for linux-x64 (webkit's override is for mac14 only).
          expected: [
            "chromium-1255/chrome-linux64/chrome",
            "chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell",
            "firefox-1572/firefox/firefox",
            "webkit-2388/pw_run.sh",
            "ffmpeg-1013/ffmpeg-linux",
          ],
          other: [],
          install: "npx playwright-core install",
        },
      ],
      [
        "puppeteer",
        {
          code: "binaries-missing-outside",
          what: "browsers",
          location: `${home}/.cache/puppeteer`,
          from: "HOME",
          // The builds puppeteer-core@24.43.1's revisions.js names.
          expected: [
            "chrome/linux-148.0.7778.97/chrome-linux64/chrome",
            "chrome-headless-shell/linux-148.0.7778.97/chrome-headless-shell-linux64/chrome-headless-shell",
          ],
          other: [],
          install: "node install.mjs",
        },
      ],
    ]);
    expect(report.notChecked).toEqual([]);
    const pw = report.findings.find((f) => f.code === "binaries-missing-outside" && f.fix.script === "npx playwright-core install")!;
    expect(pw.fix.code).toBe("run-install-script");
    expect(pw.fixText).toContain("PLAYWRIGHT_BROWSERS_PATH=${pkgs.playwright-driver.browsers}");
    expect(report.packages.find((p) => p.package.name === "cypress")!.state).toBe("binary-missing");
  });

  it("--target host finds them where each package looks: XDG_CACHE_HOME for Playwright and Cypress, ~/.cache for Puppeteer; exit 0", () => {
    const { dir, home } = project();
    const xdg = join(dir, "xdg");
    const files = (...paths: string[]) => {
      for (const p of paths) {
        mkdirs(join(p, ".."));
        writeFileSync(p, "");
      }
    };
    // Only chromium installed (npx playwright-core install chromium), beside an older revision.
    files(join(xdg, "ms-playwright/chromium-1255/chrome-linux64/chrome"), join(xdg, "Cypress/15.3.0/Cypress/Cypress"));
    mkdirs(join(xdg, "ms-playwright/chromium-1140"));
    files(join(home, ".cache/puppeteer/chrome/linux-148.0.7778.97/chrome-linux64/chrome"));
    // Puppeteer does not read XDG_CACHE_HOME: this one is not where it looks.
    files(join(xdg, "puppeteer/chrome/linux-148.0.7778.97/chrome-linux64/chrome"));
    const { code, report, stdout } = scan(dir, "host", { HOME: home, XDG_CACHE_HOME: xdg });
    expect(code).toBe(0);
    expect(report.packageIssues).toEqual([]);
    expect(report.foundOutside.map((f) => [f.package.name, f.from, f.found])).toEqual([
      ["cypress", "XDG_CACHE_HOME", [`${xdg}/Cypress/15.3.0/Cypress/Cypress`]],
      ["playwright-core", "XDG_CACHE_HOME", [`${xdg}/ms-playwright/chromium-1255/chrome-linux64/chrome`]],
      ["puppeteer", "HOME", [`${home}/.cache/puppeteer/chrome/linux-148.0.7778.97/chrome-linux64/chrome`]],
    ]);
    expect(report.packages.find((p) => p.package.name === "playwright-core")!.state).toBe("found-outside");
    expect(stdout).not.toContain("binaries-missing-outside");
    const table = runCli(["--system", "x86_64-linux", "--no-nix-locate", "--target", "host", "node_modules"], {
      cwd: dir,
      env: { HOME: home, XDG_CACHE_HOME: xdg },
    });
    expect(table.stdout).toContain("Found outside the scanned tree");
    expect(table.stdout).toContain(
      `cypress@15.3.0 keeps its app binary in ${xdg}/Cypress (from $XDG_CACHE_HOME): found ${xdg}/Cypress/15.3.0/Cypress/Cypress; scanned ${xdg}/Cypress/15.3.0/Cypress`,
    );
    // The directories of the executables are walked (empty stand-ins here: nothing ELF in them).
    expect(report.foundOutside.map((f) => f.scanned)).toEqual([
      [`${xdg}/Cypress/15.3.0/Cypress`],
      [`${xdg}/ms-playwright/chromium-1255/chrome-linux64`],
      [`${home}/.cache/puppeteer/chrome/linux-148.0.7778.97/chrome-linux64`],
    ]);
  });

  it("another version's cache is missing, and says what is there; the variables the packages read decide the location", () => {
    const { dir, home } = project();
    const cache = join(dir, "cypress-cache");
    mkdirs(join(cache, "14.0.0/Cypress"), join(home, "browsers/chromium-1140"), join(home, ".cache/puppeteer/chrome/linux-131.0.6778.85/chrome-linux64"));
    const { code, report } = scan(dir, "host", {
      HOME: home,
      CYPRESS_CACHE_FOLDER: "~/../cypress-cache",
      PLAYWRIGHT_BROWSERS_PATH: "browsers",
    });
    expect(code).toBe(1);
    expect(report.packageIssues.map((p) => [p.package.name, p.problem.location, p.problem.from, p.problem.other])).toEqual([
      ["cypress", `${home}/../cypress-cache`, "CYPRESS_CACHE_FOLDER", ["14.0.0"]],
      ["puppeteer", `${home}/.cache/puppeteer`, "HOME", ["chrome/linux-131.0.6778.85"]],
    ]);
    expect(report.notChecked.map((n) => [n.package.name, n.why, n.variable])).toEqual([["playwright-core", "relative-path", "PLAYWRIGHT_BROWSERS_PATH"]]);
    // A variable pointing the package at a binary of the user's choosing: its cache is not used.
    const chosen = scan(dir, "host", { HOME: home, CYPRESS_RUN_BINARY: "/run/current-system/sw/bin/cypress", PUPPETEER_EXECUTABLE_PATH: "/usr/bin/chromium" });
    expect(chosen.report.notChecked.map((n) => [n.package.name, n.why, n.variable])).toEqual([
      ["cypress", "binary-variable", "CYPRESS_RUN_BINARY"],
      ["puppeteer", "binary-variable", "PUPPETEER_EXECUTABLE_PATH"],
    ]);
  });

  it("with --root DIR, the caches are the judged system's: HOME's paths are read inside DIR", () => {
    const { dir } = project();
    const root = join(dir, "root");
    mkdirs(join(root, "home/u/.cache/Cypress/15.3.0/Cypress"));
    writeFileSync(join(root, "home/u/.cache/Cypress/15.3.0/Cypress/Cypress"), "");
    const r = runCli(["--json", "--system", "x86_64-linux", "--no-nix-locate", "--root", root, "node_modules"], { cwd: dir, env: { HOME: "/home/u" } });
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout) as Json;
    expect(report.foundOutside.map((f) => [f.package.name, f.location, f.found])).toEqual([
      ["cypress", "/home/u/.cache/Cypress", ["/home/u/.cache/Cypress/15.3.0/Cypress/Cypress"]],
    ]);
    expect(report.packageIssues.map((p) => p.package.name)).toEqual(["playwright-core", "puppeteer"]);
  });

  it("without HOME nothing is looked at but what a variable names", () => {
    const { dir } = project();
    const { code, report } = scan(dir, "host", {});
    expect(code).toBe(0);
    expect(report.notChecked.map((n) => [n.package.name, n.why])).toEqual([
      ["cypress", "no-home"],
      ["playwright-core", "no-home"],
      ["puppeteer", "no-home"],
    ]);
  });
});

describe("the location each package computes (outsideLocation)", () => {
  const rule = (name: string) => lookRule(name)!;
  it('Playwright: PLAYWRIGHT_BROWSERS_PATH, "0" inside the package, else $XDG_CACHE_HOME or ~/.cache, then ms-playwright', () => {
    const pw = rule("playwright-core");
    expect(outsideLocation(pw, "node_modules/playwright-core", { PLAYWRIGHT_BROWSERS_PATH: "/b", HOME: "/h" })).toEqual({
      location: "/b",
      from: "PLAYWRIGHT_BROWSERS_PATH",
    });
    expect(outsideLocation(pw, "node_modules/playwright-core", { PLAYWRIGHT_BROWSERS_PATH: "0" })).toEqual({
      location: "node_modules/playwright-core/.local-browsers",
      from: "PLAYWRIGHT_BROWSERS_PATH",
    });
    expect(outsideLocation(pw, "d", { XDG_CACHE_HOME: "/x", HOME: "/h" })).toEqual({ location: "/x/ms-playwright", from: "XDG_CACHE_HOME" });
    expect(outsideLocation(pw, "d", { XDG_CACHE_HOME: "", HOME: "/h" })).toEqual({ location: "/h/.cache/ms-playwright", from: "HOME" });
  });
  it("Puppeteer ignores XDG_CACHE_HOME; Cypress expands ~ in CYPRESS_CACHE_FOLDER, and CYPRESS_RUN_BINARY replaces the cache", () => {
    expect(outsideLocation(rule("puppeteer"), "d", { XDG_CACHE_HOME: "/x", HOME: "/h" })).toEqual({ location: "/h/.cache/puppeteer", from: "HOME" });
    expect(outsideLocation(rule("cypress"), "d", { CYPRESS_CACHE_FOLDER: "~/c", HOME: "/h" })).toEqual({ location: "/h/c", from: "CYPRESS_CACHE_FOLDER" });
    expect(outsideLocation(rule("cypress"), "d", { CYPRESS_RUN_BINARY: "/bin/cypress", HOME: "/h" })).toEqual({
      why: "binary-variable",
      variable: "CYPRESS_RUN_BINARY",
    });
  });
  it("every look rule cites the package's own file and line", () => {
    for (const name of ["playwright-core", "puppeteer", "cypress"]) expect(rule(name).evidence).toMatch(new RegExp(`^${name}@[0-9.]+ [\\w./-]+:\\d+`));
    expect(lookRule("prisma")).toBeNull();
  });
});

describe("binaries found outside the tree are scanned like the tree (--target host)", () => {
  /** Playwright's chromium for linux-x64, in ~/.cache/ms-playwright: an FHS executable needing NSS, with RUNPATH $ORIGIN. */
  const CHROME = "chromium-1255/chrome-linux64/chrome";
  function chromium(home: string, withBundled: boolean): string {
    const dir = join(home, ".cache/ms-playwright/chromium-1255/chrome-linux64");
    mkdirs(dir);
    const needed = ["libnss3.so", ...(withBundled ? ["libvulkan.so.1"] : []), "libc.so.6"];
    writeFileSync(join(dir, "chrome"), buildElf(exe({ needed, runpath: "$ORIGIN" })).bytes, { mode: 0o755 });
    if (withBundled) writeFileSync(join(dir, "libvulkan.so.1"), buildElf(lib({ soname: "libvulkan.so.1", needed: ["libc.so.6"] })).bytes);
    // Beside it, the cache holds other revisions: not walked (only the found executable's directory is).
    mkdirs(join(home, ".cache/ms-playwright/chromium-1140/chrome-linux64"));
    writeFileSync(join(home, ".cache/ms-playwright/chromium-1140/chrome-linux64/chrome"), buildElf(exe({ needed: ["libgone.so.9", "libc.so.6"] })).bytes);
    return `${home}/.cache/ms-playwright/${CHROME}`;
  }
  const emit = (dir: string, kind: string, env: Record<string, string>) =>
    runCli(["--emit", kind, "--system", "x86_64-linux", "--no-nix-locate", "--target", "host", "node_modules"], { cwd: dir, env }).stdout;

  it("a downloaded browser whose libraries NixOS lacks: a finding owned by the package, exit 1, its soname mapped and in nix-ld's list", () => {
    const { dir, home } = project();
    const chrome = chromium(home, false);
    const { code, report } = scan(dir, "host", { HOME: home });
    expect(code).toBe(1);
    const pw = report.foundOutside.find((f) => f.package.name === "playwright-core")!;
    expect([pw.found, pw.scanned]).toEqual([[chrome], [`${home}/.cache/ms-playwright/chromium-1255/chrome-linux64`]]);
    const file = report.files.find((f) => f.path === chrome)!;
    expect([file.package?.name, file.outsideOf?.name, file.analysis?.verdict]).toEqual(["playwright-core", "playwright-core", "needs-libraries"]);
    expect(file.analysis?.missing).toEqual(["libnss3.so"]);
    expect(report.files.some((f) => f.path.includes("chromium-1140"))).toBe(false);
    const finding = report.findings.find((f) => f.path === chrome)!;
    expect([finding.code, finding.package?.name, finding.missing]).toEqual(["needs-libraries", "playwright-core", ["libnss3.so"]]);
    expect(finding.fixText).toContain("PLAYWRIGHT_BROWSERS_PATH=${pkgs.playwright-driver.browsers}");
    expect(report.mapping.packages.find((p) => p.sonames.includes("libnss3.so"))).toMatchObject({ attr: "nss", files: [chrome] });
    expect(report.mapping.interpreterNeeded).toEqual([chrome]);

    // The table says where it was found, and lists the finding under its package.
    const table = runCli(["--system", "x86_64-linux", "--no-nix-locate", "--target", "host", "node_modules"], { cwd: dir, env: { HOME: home } }).stdout;
    expect(table).toMatch(/needs-libraries\s+playwright-core@1\.65\.2\s+\S*chrome-linux64\/chrome/);
    expect(table).toContain(`found ${chrome}; scanned ${home}/.cache/ms-playwright/chromium-1255/chrome-linux64`);
    const verbose = runCli(["-v", "--system", "x86_64-linux", "--no-nix-locate", "--target", "host", "node_modules"], { cwd: dir, env: { HOME: home } }).stdout;
    expect(verbose).toContain("found outside the tree, in playwright-core@1.65.2's cache");
  });

  it("a library bundled beside the executable ($ORIGIN in its RUNPATH) counts as found", () => {
    const { dir, home } = project();
    const chrome = chromium(home, true);
    const { code, report } = scan(dir, "host", { HOME: home });
    expect(code).toBe(1);
    const file = report.files.find((f) => f.path === chrome)!;
    expect(file.analysis?.missing).toEqual(["libnss3.so"]);
    expect(file.analysis?.edges.find((e) => e.name === "libvulkan.so.1")?.status).toBe("bundled");
    const bundled = report.files.find((f) => f.path.endsWith("chrome-linux64/libvulkan.so.1"))!;
    expect([bundled.outsideOf?.name, bundled.analysis?.verdict]).toEqual(["playwright-core", "ok"]);
  });

  it("PLAYWRIGHT_BROWSERS_PATH=0: the browsers are in the package, scanned once, by the tree's walk", () => {
    const { dir, home } = project();
    const local = join(dir, "node_modules/playwright-core/.local-browsers/chromium-1255/chrome-linux64");
    mkdirs(local);
    writeFileSync(join(local, "chrome"), buildElf(exe({ needed: ["libnss3.so", "libc.so.6"] })).bytes, { mode: 0o755 });
    const { code, report } = scan(dir, "host", { HOME: home, PLAYWRIGHT_BROWSERS_PATH: "0" });
    expect(code).toBe(1);
    const pw = report.foundOutside.find((f) => f.package.name === "playwright-core")!;
    expect([pw.found, pw.scanned]).toEqual([["node_modules/playwright-core/.local-browsers/chromium-1255/chrome-linux64/chrome"], []]);
    expect(report.files.map((f) => [f.path, f.package?.name, f.outsideOf])).toEqual([
      ["node_modules/playwright-core/.local-browsers/chromium-1255/chrome-linux64/chrome", "playwright-core", undefined],
    ]);
  });

  it("--target generic walks nothing outside the tree", () => {
    const { dir, home } = project();
    chromium(home, true);
    const { code, report } = scan(dir, "generic", { HOME: home });
    expect(code).toBe(0);
    expect(report.files).toEqual([]);
    expect(report.foundOutside).toEqual([]);
  });

  it("the nix-ld module leaves them out when the package's variable fix applies (Playwright's and Puppeteer's)", () => {
    const { dir, home } = project();
    const chrome = chromium(home, false);
    const pup = join(home, ".cache/puppeteer/chrome/linux-148.0.7778.97/chrome-linux64");
    mkdirs(pup);
    writeFileSync(join(pup, "chrome"), buildElf(exe({ needed: ["libatk-1.0.so.0", "libc.so.6"] })).bytes, { mode: 0o755 });
    const nixLd = emit(dir, "nix-ld", { HOME: home });
    // Playwright's: PLAYWRIGHT_BROWSERS_PATH=${pkgs.playwright-driver.browsers} (its version checked when the
    // devShell is evaluated); Puppeteer's: PUPPETEER_EXECUTABLE_PATH=${pkgs.chromium}/bin/chromium.
    const libraries = /programs\.nix-ld\.libraries = with pkgs; \[([^\]]*)\]/.exec(nixLd)?.[1] ?? "";
    expect(libraries).not.toMatch(/\bnss\b/);
    expect(libraries).not.toMatch(/\bat-spi2-core\b/);
    expect(nixLd).toContain(`Left out: ${chrome}, ${join(pup, "chrome")}.`);
    expect(nixLd).toContain("PLAYWRIGHT_BROWSERS_PATH, PUPPETEER_EXECUTABLE_PATH");
    // What the downloads would need, should the nixpkgs build be another version and the variable be unset.
    expect(nixLd).toContain(`  # (${chrome}, ${join(pup, "chrome")}) need nix-ld with: at-spi2-core (libatk-1.0.so.0), nss (libnss3.so).`);
    const shell = emit(dir, "shell", { HOME: home });
    expect(shell).not.toMatch(/\bnss\b/);
    expect(shell).toContain("PLAYWRIGHT_BROWSERS_PATH");
    expect(shell).toContain("PUPPETEER_EXECUTABLE_PATH");
    expect(shell).toContain("${pkgs.chromium}/bin/chromium");
  });

  it("with PLAYWRIGHT_BROWSERS_PATH naming the directory, what is found there is what runs: nix-ld serves it", () => {
    const { dir, home } = project();
    chromium(home, false);
    const browsers = `${home}/.cache/ms-playwright`;
    const { code, report } = scan(dir, "host", { HOME: home, PLAYWRIGHT_BROWSERS_PATH: browsers });
    expect(code).toBe(1);
    expect(report.foundOutside.find((f) => f.package.name === "playwright-core")?.from).toBe("PLAYWRIGHT_BROWSERS_PATH");
    const nixLd = emit(dir, "nix-ld", { HOME: home, PLAYWRIGHT_BROWSERS_PATH: browsers });
    expect(nixLd).toMatch(/programs\.nix-ld\.libraries = with pkgs; \[[^\]]*\bnss\b/);
    expect(nixLd).not.toContain("Left out");
  });
});

// The real pre-commit framework (Debian's pre-commit, installed by .ci/run) installs this
// repository's hooks from a clone into a scratch project and runs them on `git commit`; the
// `nix-bincheck` they call is the one `npm pack` + `npm install -g` of this checkout gives, installed
// offline into a private prefix (the package has no runtime dependency, so nothing is fetched). Git,
// npm and pre-commit run with private configuration and caches (tool-env.ts).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildElf } from "../support/elf-builder.js";
import { tempDir } from "../support/run-cli.js";
import { gitEnv, npmEnv } from "../support/tool-env.js";
import { exe } from "../support/tree.js";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
const havePreCommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;

interface Run {
  code: number | null;
  output: string;
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

function ok(cmd: string, args: string[], cwd: string, env: Record<string, string>): string {
  const r = run(cmd, args, cwd, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.code}:\n${r.output}`);
  return r.output;
}

describe("the pre-commit framework with this repository's hooks", () => {
  if (!havePreCommit && process.env.CI) {
    it("pre-commit is available", () => {
      throw new Error("pre-commit is not installed: apt-get install pre-commit");
    });
  }
  if (!havePreCommit) {
    it.skip("needs pre-commit (apt-get install pre-commit): skipped", () => {});
    return;
  }

  const scratch = tempDir("nbc-pre-commit-");
  const npm = npmEnv(scratch);
  const git = gitEnv(scratch);
  const binDir = join(npm.npm_config_prefix!, "bin");
  // The hooks' environment: git's private configuration, pre-commit's own cache, the installed CLI first on PATH.
  const hookEnv = { ...git, PATH: `${binDir}:${git.PATH}`, PRE_COMMIT_HOME: join(scratch, "pre-commit-cache"), PRE_COMMIT_COLOR: "never", NO_COLOR: "1" };
  const hookRepo = join(scratch, "hooks-repo");
  const project = join(scratch, "project");
  let rev = "";

  beforeAll(() => {
    // npm pack of this checkout (dist/ was built by `npm test`), then a global install offline.
    const packed = ok("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", scratch], ROOT, npm).trim().split("\n").pop()!;
    ok("npm", ["install", "--global", "--ignore-scripts", join(scratch, packed)], scratch, npm);

    // A clone of this repository as the hooks' source, its hook manifest as in this checkout.
    if (existsSync(join(ROOT, ".git"))) ok("git", ["clone", "--quiet", "--no-hardlinks", ROOT, hookRepo], scratch, git);
    else ok("git", ["init", "--quiet", hookRepo], scratch, git);
    copyFileSync(join(ROOT, ".pre-commit-hooks.yaml"), join(hookRepo, ".pre-commit-hooks.yaml"));
    ok("git", ["add", ".pre-commit-hooks.yaml"], hookRepo, git);
    if (run("git", ["diff", "--cached", "--quiet"], hookRepo, git).code !== 0)
      ok("git", ["commit", "--quiet", "-m", "hooks as in the checkout"], hookRepo, git);
    rev = ok("git", ["rev-parse", "HEAD"], hookRepo, git).trim();

    mkdirSync(project);
    ok("git", ["init", "--quiet"], project, git);
    const config = [
      "repos:",
      `  - repo: ${hookRepo}`,
      `    rev: ${rev}`,
      "    hooks:",
      "      - id: nix-bincheck",
      "      - id: nix-bincheck-shebangs",
      "",
    ].join("\n");
    writeFileSync(join(project, ".pre-commit-config.yaml"), config);
    ok("pre-commit", ["install"], project, hookEnv);
  }, 300_000);

  const commit = (message: string): Run => run("git", ["commit", "--quiet", "-m", message], project, hookEnv);

  it("npm pack gives a package that npm install -g installs offline and runs, with its LICENSE", () => {
    expect(ok(join(binDir, "nix-bincheck"), ["--version"], scratch, hookEnv).trim()).toBe(pkg.version);
    const installed = join(npm.npm_config_prefix!, "lib/node_modules", pkg.name);
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    // No runtime dependency: nothing but the package itself was installed.
    expect(existsSync(join(installed, "node_modules"))).toBe(false);
  });

  it("fails the commit of a vendored FHS binary with the finding, and passes once the project declares its environment", () => {
    mkdirSync(join(project, "vendor"));
    writeFileSync(join(project, "vendor/tool"), buildElf(exe({ needed: ["libsqlite3.so.0", "libc.so.6"] })).bytes, { mode: 0o755 });
    ok("git", ["add", ".pre-commit-config.yaml", "vendor/tool"], project, git);
    const first = commit("vendor a tool");
    expect(first.code, first.output).not.toBe(0);
    expect(first.output).toMatch(/nix-bincheck \(prebuilt binaries on NixOS\)\.+Failed/);
    expect(first.output).toContain(
      "vendor/tool: needs-libraries: missing on NixOS: libsqlite3.so.0\n    fix: add pkgs.sqlite to programs.nix-ld.libraries or your devShell",
    );

    writeFileSync(join(project, "nix-bincheck.config.json"), JSON.stringify({ provides: ["sqlite"], nixLd: true }));
    ok("git", ["add", "nix-bincheck.config.json"], project, git);
    const second = commit("declare the environment");
    expect(second.code, second.output).toBe(0);
    expect(ok("git", ["log", "--format=%s"], project, git).trim().split("\n")).toEqual(["declare the environment"]);
  });

  it("nix-bincheck-shebangs fails an executable #!/bin/bash script and passes #!/usr/bin/env bash", () => {
    writeFileSync(join(project, "build.sh"), "#!/bin/bash\necho hi\n");
    chmodSync(join(project, "build.sh"), 0o755);
    ok("git", ["add", "build.sh"], project, git);
    const bad = commit("add a script");
    expect(bad.code, bad.output).not.toBe(0);
    expect(bad.output).toMatch(/nix-bincheck \(script interpreters on NixOS\)\.+Failed/);
    expect(bad.output).toContain("build.sh");
    expect(bad.output).toContain("#!/bin/bash");

    writeFileSync(join(project, "build.sh"), "#!/usr/bin/env bash\necho hi\n");
    ok("git", ["add", "build.sh"], project, git);
    const good = commit("portable shebang");
    expect(good.code, good.output).toBe(0);
    expect(good.output).toMatch(/nix-bincheck \(script interpreters on NixOS\)\.+Passed/);
  });

  it("npx nix-bincheck works from a project that depends on the package", () => {
    const app = join(scratch, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
    const tarball = execFileSync("sh", ["-c", `ls ${scratch}/*.tgz`], { encoding: "utf8" }).trim();
    ok("npm", ["install", "--ignore-scripts", "--save-dev", tarball], app, npm);
    expect(ok("npx", ["--no-install", "nix-bincheck", "--version"], app, npm).trim()).toBe(pkg.version);
    const scan = run("npx", ["--no-install", "nix-bincheck", "--no-nix-locate", "node_modules"], app, npm);
    expect(scan.code, scan.output).toBe(0);
    expect(scan.output).toContain("nothing to fix");
  });
});

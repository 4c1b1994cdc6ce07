// The tests that run Nix, git, npm and pre-commit must not depend on the host's configuration of
// those tools. This runs them again in a child vitest whose environment is hostile: Nix
// configuration that names a build-users group that does not exist and settings Nix does not know
// (through NIX_CONF_DIR, XDG_CONFIG_DIRS, XDG_CONFIG_HOME, NIX_USER_CONF_FILES and NIX_CONFIG), a
// NIX_PATH, a git configuration with a hooks path, signing and a template directory, and an npm
// configuration pointing at a registry that does not answer. They must still pass.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NIX_INSTANTIATE } from "../support/nix-eval.js";
import { tempDir } from "../support/run-cli.js";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** The suites that call external tools. */
const SUITES = [
  "test/flake/flake.test.ts",
  "test/flake/check-cli.test.ts",
  "test/render/nix-emit.test.ts",
  "test/render/nix-escape.test.ts",
  "test/render/emit-cli.test.ts",
  "test/workflow/hook.test.ts",
  "test/workflow/pre-commit.test.ts",
];

function hostileEnv(): Record<string, string> {
  const h = tempDir("nbc-hostile-");
  const nixConf = "build-users-group = nbc-no-such-group\nnbc-unknown-setting = true\n";
  for (const d of ["nix", "xdg/nix", "xdg-home/nix", "home/.config/nix", "home/.config/git", "templates/hooks"]) mkdirSync(join(h, d), { recursive: true });
  for (const f of ["nix/nix.conf", "xdg/nix/nix.conf", "xdg-home/nix/nix.conf", "home/.config/nix/nix.conf"]) writeFileSync(join(h, f), nixConf);
  // A template hook that fails every commit, a hooks path elsewhere, and signing with no key.
  writeFileSync(join(h, "templates/hooks/pre-commit"), "#!/bin/sh\necho 'hostile template hook' >&2\nexit 1\n", { mode: 0o755 });
  const gitConf = `[core]\n\thooksPath = ${h}/no-hooks-here\n[commit]\n\tgpgsign = true\n[init]\n\ttemplateDir = ${h}/templates\n\tdefaultBranch = hostile\n[user]\n\tuseConfigOnly = true\n`;
  writeFileSync(join(h, "home/.gitconfig"), gitConf);
  writeFileSync(join(h, "gitconfig-system"), gitConf);
  writeFileSync(join(h, "home/.npmrc"), "registry=http://127.0.0.1:9/\noffline=false\nignore-scripts=false\n");
  return {
    HOME: join(h, "home"),
    NIX_CONF_DIR: join(h, "nix"),
    XDG_CONFIG_DIRS: join(h, "xdg"),
    XDG_CONFIG_HOME: join(h, "xdg-home"),
    NIX_USER_CONF_FILES: join(h, "nix/nix.conf"),
    NIX_CONFIG: "nbc-other-unknown-setting = 1",
    NIX_PATH: `nixpkgs=${h}/nonexistent`,
    GIT_CONFIG_SYSTEM: join(h, "gitconfig-system"),
    GIT_CONFIG_GLOBAL: join(h, "home/.gitconfig"),
    npm_config_registry: "http://127.0.0.1:9/",
    NPM_CONFIG_USERCONFIG: join(h, "home/.npmrc"),
  };
}

describe("under a hostile host configuration", () => {
  if (NIX_INSTANTIATE === null && !process.env.CI) {
    it.skip("needs nix-instantiate (apt-get install nix-bin): skipped", () => {});
    return;
  }
  const hostile = hostileEnv();

  it("the configuration really is hostile: plain nix-instantiate warns about it", () => {
    const r = spawnSync("nix-instantiate", ["--eval", "--expr", "1"], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...hostile }, encoding: "utf8" });
    expect(r.stderr).toContain("unknown setting 'nbc-unknown-setting'");
    if (process.getuid?.() === 0) expect(r.stderr).toMatch(/group 'nbc-no-such-group'.* does not exist/);
  });

  it("the suites that run Nix, git, npm and pre-commit still pass", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", ...SUITES], {
      cwd: ROOT,
      env: { ...process.env, ...hostile },
      encoding: "utf8",
      timeout: 600_000,
    });
    const tail = `${r.stdout}\n${r.stderr}`.split("\n").slice(-60).join("\n");
    expect(r.status, tail).toBe(0);
    const plain = r.stdout.replace(/\u001b\[[0-9;]*m/g, "");
    expect(plain).toMatch(new RegExp(`Test Files\\s+${SUITES.length} passed`));
  }, 600_000);
});

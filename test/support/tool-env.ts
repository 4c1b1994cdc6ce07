// Private, explicit environments for the external tools the tests run (Nix, git, pre-commit, npm),
// built from nothing but PATH: no setting of the host's (its /etc/nix, /etc/xdg, ~/.config, NIX_CONFIG,
// git's system and global files, npm's user config, registry variables) can reach them or change a
// result. test/support/tool-env.test.ts runs the checks under a hostile host configuration to show it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** PATH only, from the host: where the tools are, nothing about how they are configured. */
function basePath(): string {
  return process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin";
}

/**
 * Nix's own configuration for evaluation-only runs. `build-users-group =` turns off the build-user
 * group that root would otherwise need (Debian's nix-bin installed without recommends creates no
 * `nixbld` group, and Nix then warns on every command); nothing here builds, substitutes or fetches.
 */
const NIX_CONF = ["build-users-group =", "experimental-features =", "substituters =", "sandbox = false", "allow-import-from-derivation = false", ""].join("\n");

/**
 * An environment for nix-instantiate under `dir`: its own NIX_CONF_DIR (so /etc/nix is not read),
 * its own user configuration files (so $XDG_CONFIG_DIRS/nix and ~/.config/nix are not read), state,
 * log, cache and home directories, an empty NIX_PATH, and no NIX_CONFIG. Use with `--store dummy://`.
 */
export function nixEnv(dir: string): Record<string, string> {
  const paths = {
    conf: join(dir, "nix-conf"),
    home: join(dir, "home"),
    xdgConfig: join(dir, "xdg-config"),
    xdgDirs: join(dir, "xdg-dirs"),
    cache: join(dir, "cache"),
    state: join(dir, "state"),
    log: join(dir, "log"),
  };
  for (const p of Object.values(paths)) mkdirSync(p, { recursive: true });
  writeFileSync(join(paths.conf, "nix.conf"), NIX_CONF);
  const userConf = join(paths.conf, "user.conf");
  writeFileSync(userConf, "");
  return {
    PATH: basePath(),
    HOME: paths.home,
    NIX_CONF_DIR: paths.conf,
    NIX_USER_CONF_FILES: userConf,
    XDG_CONFIG_HOME: paths.xdgConfig,
    XDG_CONFIG_DIRS: paths.xdgDirs,
    XDG_CACHE_HOME: paths.cache,
    XDG_DATA_HOME: join(paths.home, ".local/share"),
    XDG_STATE_HOME: join(paths.home, ".local/state"),
    NIX_STATE_DIR: paths.state,
    NIX_LOG_DIR: paths.log,
    NIX_PATH: "",
    LC_ALL: "C",
  };
}

/** The arguments every evaluation-only nix-instantiate run starts with: no store, nothing written. */
export const NIX_EVAL_ARGS = ["--store", "dummy://", "--readonly-mode"] as const;

export interface NixDiagnostics {
  errors: string[];
  /** Warnings about the evaluated code (lib.warn, deprecations): a test fails on these too. */
  evaluationWarnings: string[];
  /** Warnings about Nix's own set-up (settings, groups): not about the code under test. */
  setupWarnings: string[];
  other: string[];
}

/** Sorts nix-instantiate's stderr into errors and the two kinds of warning, line by line. */
export function classifyNixStderr(stderr: string): NixDiagnostics {
  const out: NixDiagnostics = { errors: [], evaluationWarnings: [], setupWarnings: [], other: [] };
  let current: string[] | null = null;
  for (const line of stderr.split("\n")) {
    if (line.trim() === "") continue;
    if (/^error\b/.test(line)) current = out.errors;
    else if (/^(evaluation warning|trace: warning):/.test(line)) current = out.evaluationWarnings;
    else if (/^warning:/.test(line)) current = /setting|group|configuration|nix\.conf|experimental/i.test(line) ? out.setupWarnings : out.evaluationWarnings;
    else if (current === null || !/^\s/.test(line)) current = out.other;
    current.push(line);
  }
  return out;
}

/**
 * An environment for git under `dir`: no system or global configuration file is read, a private
 * HOME, and a fixed identity, so a host's hooksPath, signing or template settings change nothing.
 */
export function gitEnv(dir: string): Record<string, string> {
  const home = join(dir, "git-home");
  mkdirSync(home, { recursive: true });
  return {
    PATH: basePath(),
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.invalid",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.invalid",
    GIT_TERMINAL_PROMPT: "0",
    LC_ALL: "C",
  };
}

/**
 * An environment for npm under `dir`: its own user config, cache and global prefix, offline (the
 * tests install only tarballs they made), no audit, no funding message, no update check.
 */
export function npmEnv(dir: string): Record<string, string> {
  const home = join(dir, "npm-home");
  const userConfig = join(home, ".npmrc");
  mkdirSync(home, { recursive: true });
  writeFileSync(userConfig, "");
  return {
    PATH: basePath(),
    HOME: home,
    npm_config_userconfig: userConfig,
    npm_config_globalconfig: join(home, "npmrc-global"),
    npm_config_cache: join(dir, "npm-cache"),
    npm_config_prefix: join(dir, "npm-global"),
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    LC_ALL: "C",
  };
}

// Find and read the project configuration and baseline files.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Config, ConfigError, EMPTY_CONFIG, parseConfig } from "../config/config.js";
import { type Baseline, parseBaseline } from "../config/policy.js";

export const CONFIG_FILE = "nix-bincheck.config.json";
export const BASELINE_FILE = "nix-bincheck.baseline.json";

export interface LoadedConfig {
  config: Config;
  /** The file it came from, null when none was found. */
  source: string | null;
  /** How messages name it: the file, and for package.json the key. */
  where: string;
  /** The project directory: the config file's, else the fallback the caller gave. */
  dir: string;
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

/** Read and parse a JSON file; errors name it (after `what`, "the config file " or "") and say what to do (`fix`). */
function readJson(path: string, what: string, fix: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "ENOENT"
        ? "it does not exist"
        : err.code === "EACCES" || err.code === "EPERM"
          ? "permission denied"
          : err.code === "EISDIR"
            ? "it is a directory"
            : err.message;
    throw new ConfigError(`cannot read ${what}${path}: ${why}; ${fix}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    const reason = message.replace(/ in JSON at position \d+.*$/s, "").replace(/^Unexpected end of JSON input$/, "the text ends too early");
    throw new ConfigError(
      `cannot read ${what}${path}: it is not valid JSON (${reason}${at ? ` at ${lineColumn(text, Number(at[1]))}` : ""}); fix the JSON (no comments or trailing commas)`,
    );
  }
}

function readConfigFile(path: string, fix: string): LoadedConfig {
  return { config: parseConfig(readJson(path, "the config file ", fix), path), source: path, where: path, dir: dirname(path) };
}

/** The "nix-bincheck" key of a package.json, or null when it has none. */
function readPackageJson(path: string): LoadedConfig | null {
  const data = readJson(path, "", "fix the JSON, or move the settings to nix-bincheck.config.json") as Record<string, unknown> | null;
  if (!data || typeof data !== "object" || !("nix-bincheck" in data)) return null;
  const where = `${path} ("nix-bincheck" key)`;
  return { config: parseConfig(data["nix-bincheck"], where), source: path, where, dir: dirname(path) };
}

/** The config in one directory: nix-bincheck.config.json, else the "nix-bincheck" key of package.json. */
function configIn(dir: string): LoadedConfig | null {
  const own = join(dir, CONFIG_FILE);
  if (existsSync(own)) return readConfigFile(own, "fix it, or pass --config FILE to use another");
  const pkg = join(dir, "package.json");
  return existsSync(pkg) ? readPackageJson(pkg) : null;
}

export interface ConfigSearch {
  /** --config FILE (relative to `cwd`), which wins. */
  explicit: string | null;
  cwd: string;
  /** Where to look: this directory, and with `upward` its parents. */
  from: string;
  upward: boolean;
  /** The project directory when no config is found (the default baseline lives there). */
  fallbackDir: string;
}

/**
 * --config FILE; else the nearest nix-bincheck.config.json, or package.json with a "nix-bincheck" key,
 * in `from` or (with `upward`) the directories above it. The search stops at the repository root
 * (a directory holding .git): a project's policy is its repository's, so a checkout nested in another
 * (a submodule, a vendored repository, a test fixture) does not take on the outer one's config, and a
 * config in a home directory does not leak into every repository below it. Directories inside a
 * node_modules are passed over: a package.json there is a dependency's, not the project's.
 */
export function loadConfig(search: ConfigSearch): LoadedConfig {
  if (search.explicit !== null) {
    const p = resolve(search.cwd, search.explicit);
    return readConfigFile(p, "check the path given to --config, or leave --config out to use the project's nix-bincheck.config.json");
  }
  let dir = resolve(search.cwd, search.from);
  for (;;) {
    if (!dir.split("/").includes("node_modules")) {
      const found = configIn(dir);
      if (found) return found;
    }
    const up = dirname(dir);
    if (!search.upward || up === dir || existsSync(join(dir, ".git")))
      return { config: EMPTY_CONFIG, source: null, where: "(no config file)", dir: search.fallbackDir };
    dir = up;
  }
}

/** Where to start looking for a root's config: the root itself, or the directory of a file root. */
export function configStart(cwd: string, root: string): string {
  const abs = resolve(cwd, root);
  try {
    return statSync(abs).isDirectory() ? abs : dirname(abs);
  } catch {
    return abs; // the walk reports a root that cannot be scanned
  }
}

/** The baseline named on the command line or in the config, else nix-bincheck.baseline.json in the project directory. */
export function baselinePath(loaded: LoadedConfig, cwd: string, explicit: string | null): string {
  if (explicit !== null) return resolve(cwd, explicit);
  if (loaded.config.baseline !== null) return resolve(loaded.dir, loaded.config.baseline);
  return join(loaded.dir, BASELINE_FILE);
}

export function readBaseline(path: string, required: boolean): Baseline | null {
  if (!existsSync(path)) {
    if (required) throw new ConfigError(`the baseline ${path} does not exist; create it with --write-baseline`);
    return null;
  }
  try {
    return parseBaseline(readJson(path, "the baseline ", "fix it, or rewrite it with --write-baseline"), path);
  } catch (e) {
    throw e instanceof ConfigError ? e : new ConfigError((e as Error).message);
  }
}

// Find and read the project configuration and baseline files.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Config, ConfigError, EMPTY_CONFIG, parseConfig } from "../config/config.js";
import { type Baseline, parseBaseline } from "../config/policy.js";

export const CONFIG_FILE = "nix-bincheck.config.json";
export const BASELINE_FILE = "nix-bincheck.baseline.json";

export interface LoadedConfig {
  config: Config;
  /** Where it came from ("(none)" when no file was found). */
  source: string;
  dir: string;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`reading ${path} failed: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** --config FILE, else ./nix-bincheck.config.json, else the "nix-bincheck" key of ./package.json. */
export function loadConfig(cwd: string, explicit: string | null): LoadedConfig {
  if (explicit !== null) {
    const p = resolve(cwd, explicit);
    return { config: parseConfig(readJson(p), p), source: p, dir: dirname(p) };
  }
  const own = join(cwd, CONFIG_FILE);
  if (existsSync(own)) return { config: parseConfig(readJson(own), own), source: own, dir: cwd };
  const pkg = join(cwd, "package.json");
  if (existsSync(pkg)) {
    const data = readJson(pkg) as Record<string, unknown> | null;
    if (data && typeof data === "object" && "nix-bincheck" in data)
      return { config: parseConfig(data["nix-bincheck"], `${pkg} ("nix-bincheck" key)`), source: pkg, dir: cwd };
  }
  return { config: EMPTY_CONFIG, source: "(none)", dir: cwd };
}

/** The baseline named on the command line or in the config, else ./nix-bincheck.baseline.json if present. */
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
    return parseBaseline(readJson(path), path);
  } catch (e) {
    throw e instanceof ConfigError ? e : new ConfigError((e as Error).message);
  }
}

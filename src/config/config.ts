// The project configuration (nix-bincheck.config.json, or a "nix-bincheck" key in package.json):
// validated field by field, every error naming the key at fault.
import { NIXPKGS_RELEASES, RELEASE_NAME, SYSTEMS } from "../loader/profiles.js";
import type { SystemName } from "../loader/types.js";

export interface AcceptRule {
  /** A glob over paths as reported (without a leading "./"). */
  path: string;
  /** Only this finding code (verdict); any when absent. */
  code: string | null;
  reason: string;
}

export interface Config {
  system: SystemName | null;
  /** A release name (a newer or older one than the data knows is judged as the nearest, with a warning). */
  nixpkgs: string | null;
  host: string | null;
  /** nixpkgs attributes the project's environment already provides (devShell, nix-ld libraries). */
  provides: string[];
  /** Executables run through nix-ld: a missing FHS interpreter is covered. */
  nixLd: boolean;
  prefer: Record<string, string>;
  ignore: string[];
  accept: AcceptRule[];
  /** Baseline file (relative to the config file). */
  baseline: string | null;
}

export const EMPTY_CONFIG: Config = { system: null, nixpkgs: null, host: null, provides: [], nixLd: false, prefer: {}, ignore: [], accept: [], baseline: null };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** A nixpkgs attribute path (zlib, xorg.libX11, python312Packages.numpy). */
export const ATTR = /^[A-Za-z_][A-Za-z0-9_'-]*(\.[A-Za-z_][A-Za-z0-9_'-]*)*$/;
const KEYS = ["$schema", "system", "nixpkgs", "host", "provides", "nixLd", "prefer", "ignore", "accept", "baseline"];

/** Validate parsed JSON; `where` names the file (and key) for messages. */
export function parseConfig(data: unknown, where: string): Config {
  const fail = (key: string, what: string, got: unknown): never => {
    throw new ConfigError(`${where}: "${key}" ${what}, not ${JSON.stringify(got)}`);
  };
  if (typeof data !== "object" || data === null || Array.isArray(data)) fail("(top level)", "must be an object", data);
  const o = data as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw new ConfigError(`${where}: unknown key "${k}" (known: ${KEYS.slice(1).join(", ")})`);
  const str = (k: string): string | null => {
    const v = o[k];
    if (v === undefined) return null;
    if (typeof v !== "string" || v === "") fail(k, "must be a non-empty string", v);
    return v as string;
  };
  const strings = (k: string, check?: (s: string) => boolean, what = "strings"): string[] => {
    const v = o[k];
    if (v === undefined) return [];
    if (!Array.isArray(v)) fail(k, `must be an array of ${what}`, v);
    return (v as unknown[]).map((x, i) => {
      if (typeof x !== "string" || x === "" || (check && !check(x)))
        fail(`${k}[${i}]`, `must be ${what === "strings" ? "a non-empty string" : `a ${what.replace(/s$/, "")}`}`, x);
      return x as string;
    });
  };
  const system = str("system");
  if (system !== null && !(SYSTEMS as readonly string[]).includes(system)) fail("system", `must be one of ${SYSTEMS.join(", ")}`, system);
  const nixpkgs = str("nixpkgs");
  if (nixpkgs !== null && !RELEASE_NAME.test(nixpkgs)) fail("nixpkgs", `must be a release such as ${NIXPKGS_RELEASES.join(", ")}`, nixpkgs);
  if (o.nixLd !== undefined && typeof o.nixLd !== "boolean") fail("nixLd", "must be true or false", o.nixLd);
  const prefer: Record<string, string> = {};
  if (o.prefer !== undefined) {
    if (typeof o.prefer !== "object" || o.prefer === null || Array.isArray(o.prefer)) fail("prefer", "must be an object of soname: attribute", o.prefer);
    for (const [k, v] of Object.entries(o.prefer as Record<string, unknown>)) {
      if (typeof v !== "string" || !ATTR.test(v)) fail(`prefer.${k}`, "must be a nixpkgs attribute path", v);
      prefer[k] = v as string;
    }
  }
  const accept: AcceptRule[] = [];
  if (o.accept !== undefined) {
    if (!Array.isArray(o.accept)) fail("accept", "must be an array of { path, reason, code? }", o.accept);
    (o.accept as unknown[]).forEach((a, i) => {
      if (typeof a !== "object" || a === null) fail(`accept[${i}]`, "must be an object { path, reason, code? }", a);
      const r = a as Record<string, unknown>;
      for (const k of Object.keys(r)) if (!["path", "reason", "code"].includes(k)) fail(`accept[${i}].${k}`, "is not a known key (path, reason, code)", r[k]);
      if (typeof r.path !== "string" || r.path === "") fail(`accept[${i}].path`, "must be a glob string", r.path);
      if (typeof r.reason !== "string" || r.reason.trim() === "") fail(`accept[${i}].reason`, "must say why the finding is accepted", r.reason);
      if (r.code !== undefined && typeof r.code !== "string") fail(`accept[${i}].code`, "must be a finding code such as needs-libraries", r.code);
      accept.push({ path: r.path as string, code: (r.code as string | undefined) ?? null, reason: r.reason as string });
    });
  }
  return {
    system: system as SystemName | null,
    nixpkgs,
    host: str("host"),
    provides: strings("provides", (s) => ATTR.test(s), "nixpkgs attribute paths"),
    nixLd: o.nixLd === true,
    prefer,
    ignore: strings("ignore"),
    accept,
    baseline: str("baseline"),
  };
}

/** A glob ("**" any depth, "*" within a segment, "?" one character) as a regex over a whole path. */
export function globRegex(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // A directory glob also covers what is below it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

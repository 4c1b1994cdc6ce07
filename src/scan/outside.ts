// Binaries npm packages keep outside the tree (Playwright's and Puppeteer's browsers, Cypress's app),
// looked for where the package's own code looks when the judged system is this machine (--target host):
// the location is computed from the variables and HOME as the package computes it (npm-packages.json,
// `outside.look`, with the file and line that do it). Only directory listings and one small file
// (Playwright's browsers.json) are read, through the functions passed in; nothing is run or walked here
// (outside-scan.ts then walks the directories of the executables found, as the tree is walked).
import type { SystemName } from "../loader/types.js";
import { compare } from "../model/order.js";
import type { FoundOutside, NotChecked, PackageIssue } from "../model/packages.js";
import type { ScanReport } from "../model/report.js";
import known from "./npm-packages.json" with { type: "json" };

/** How a package finds its cache directory, and what it needs in it (npm-packages.json `outside.look`). */
export interface LookRule {
  /** The variable naming the directory itself. */
  variable: string;
  /** A value of the variable that means a directory inside the package (Playwright: "0" -> .local-browsers). */
  inPackage?: { value: string; path: string };
  /** `~/` at the start of the variable's value is the home directory. */
  untildify?: boolean;
  /** Variables that, when set, make the package run a binary of the user's choosing instead. */
  unless?: string[];
  /** The default: "xdg" is $XDG_CACHE_HOME/NAME, else $HOME/.cache/NAME; "home" is $HOME/.cache/NAME. */
  cache: "xdg" | "home";
  name: string;
  /**
   * What must be there: "revisions" (NAME-REVISION directories from the package's browsers.json),
   * "version-dir" (VERSION/`binary`), "browser-dirs" (`browsers`/linux-BUILD directories).
   */
  expect: "revisions" | "version-dir" | "browser-dirs";
  /** revisions: the executable in each NAME-REVISION directory, per browser NAME and system. */
  executables?: Record<string, Partial<Record<SystemName, string>>>;
  /** version-dir: the executable in the VERSION directory. */
  binary?: string;
  /** browser-dirs: each browser directory and the executable in its PLATFORM-BUILD directory. */
  browsers?: Record<string, string>;
  /** browser-dirs: PLATFORM per system. */
  platform?: Partial<Record<SystemName, string>>;
  /** browser-dirs: the file of another package (a dependency) that names each browser's BUILD. */
  revisions?: { package: string; file: string; evidence: string };
  /** The command, run in the package's directory, that downloads them. */
  install: string;
  evidence: string;
}

/** What lookOutside may read (the pipeline passes src/io's functions). */
export interface OutsideLook {
  /** A directory's names, or null when it cannot be listed. */
  list(path: string): string[] | null;
  exists(path: string): boolean;
  /** The first bytes of a small file of the package, or null. */
  read(path: string): Uint8Array | null;
}

const RULES: Readonly<Record<string, LookRule>> = Object.fromEntries(
  Object.entries(known.packages as Record<string, { outside?: { look?: LookRule } }>).flatMap(([name, row]) => {
    const look = row.outside?.look;
    if (!look) return [];
    if (!["xdg", "home"].includes(look.cache) || !["revisions", "version-dir", "browser-dirs"].includes(look.expect))
      throw new Error(`npm-packages.json: ${name}: outside.look has an unknown cache ${JSON.stringify(look.cache)} or expect ${JSON.stringify(look.expect)}`);
    return [[name, look] as const];
  }),
);

/** The look rule of a known package, or null. */
export function lookRule(name: string): LookRule | null {
  return RULES[name] ?? null;
}

const set = (env: Readonly<Record<string, string | undefined>>, name: string) => {
  const v = env[name];
  return v !== undefined && v !== "" ? v : null;
};

type Where = { location: string; from: string } | { why: "no-home" | "relative-path" | "binary-variable"; variable: string | null };

/** Where the package's code looks, from the environment, as its own code computes it. */
export function outsideLocation(rule: LookRule, packageDir: string, env: Readonly<Record<string, string | undefined>>): Where {
  const chosen = (rule.unless ?? []).find((v) => set(env, v) !== null);
  if (chosen !== undefined) return { why: "binary-variable", variable: chosen };
  const home = set(env, "HOME");
  let value = set(env, rule.variable);
  if (value !== null) {
    if (rule.inPackage && value === rule.inPackage.value) return { location: `${packageDir}/${rule.inPackage.path}`, from: rule.variable };
    if (rule.untildify && (value === "~" || value.startsWith("~/"))) {
      if (home === null) return { why: "no-home", variable: null };
      value = `${home}${value.slice(1)}`;
    }
    if (!value.startsWith("/")) return { why: "relative-path", variable: rule.variable };
    return { location: value, from: rule.variable };
  }
  const xdg = rule.cache === "xdg" ? set(env, "XDG_CACHE_HOME") : null;
  if (xdg !== null) return { location: `${xdg}/${rule.name}`, from: "XDG_CACHE_HOME" };
  if (home === null) return { why: "no-home", variable: null };
  return { location: `${home}/.cache/${rule.name}`, from: "HOME" };
}

const dirOf = (p: string) => {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : p.slice(0, i);
};

/**
 * The browsers a browsers.json installs by default on linux, as NAME-REVISION directory names with
 * their NAME: an entry with a revision override for any platform but mac and win is left out (the
 * override may be this machine's: Playwright picks it by distribution). Null when unreadable.
 */
export function defaultBrowsers(bytes: Uint8Array | null): { name: string; dir: string }[] | null {
  if (bytes === null) return null;
  try {
    const json = JSON.parse(new TextDecoder().decode(bytes)) as {
      browsers?: { name?: unknown; revision?: unknown; installByDefault?: unknown; revisionOverrides?: unknown }[];
    };
    if (!Array.isArray(json.browsers)) return null;
    const linuxOverride = (o: unknown) => typeof o === "object" && o !== null && Object.keys(o).some((k) => !k.startsWith("mac") && !k.startsWith("win"));
    return json.browsers
      .filter((b) => typeof b.name === "string" && typeof b.revision === "string" && b.installByDefault === true && !linuxOverride(b.revisionOverrides))
      .map((b) => ({ name: b.name as string, dir: `${(b.name as string).replace(/-/g, "_")}-${b.revision as string}` }));
  } catch {
    return null;
  }
}

/** Each browser's BUILD in a JavaScript file naming them (`chrome: '148.0.7778.97'`), for the browsers asked; null when the file is absent. */
export function browserBuilds(bytes: Uint8Array | null, browsers: readonly string[]): Record<string, string> | null {
  if (bytes === null) return null;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const out: Record<string, string> = {};
  for (const b of browsers) {
    const m = new RegExp(`['"]?${b.replace(/[-]/g, "\\-")}['"]?\\s*:\\s*['"]([^'"]+)['"]`).exec(text);
    if (m) out[b] = m[1]!;
  }
  return out;
}

/**
 * What the package needs at `location` that is there (`found`: full paths of the executables), what it
 * needs (`expected`, relative to `location`) and what is there instead (`other`).
 */
export function lookIn(
  rule: LookRule,
  pkg: { dir: string; version: string },
  location: string,
  system: SystemName,
  look: OutsideLook,
): { found: string[]; expected: string[]; other: string[] } {
  const names = (look.list(location) ?? []).slice().sort(compare);
  const at = (rel: string) => `${location}/${rel}`;
  switch (rule.expect) {
    case "revisions": {
      const browser = (n: string) => /^[a-z_]+-\d+$/.test(n);
      const wanted = defaultBrowsers(look.read(`${pkg.dir}/browsers.json`)) ?? [];
      const need = wanted.map((w) => {
        const exe = rule.executables?.[w.name]?.[system];
        return exe !== undefined ? `${w.dir}/${exe}` : w.dir;
      });
      const found = need.filter((n) => look.exists(at(n)));
      const used = new Set(found.map((f) => f.split("/")[0]!));
      return { found: found.map(at), expected: need, other: names.filter((n) => browser(n) && !used.has(n)) };
    }
    case "version-dir": {
      const want = rule.binary !== undefined ? `${pkg.version}/${rule.binary}` : pkg.version;
      return { found: look.exists(at(want)) ? [at(want)] : [], expected: [want], other: names.filter((n) => /^\d/.test(n) && n !== pkg.version) };
    }
    case "browser-dirs": {
      const browsers = rule.browsers ?? {};
      const platform = rule.platform?.[system] ?? "linux";
      const r = rule.revisions;
      // The dependency naming the builds, beside the package or inside it, as node would find it.
      const builds = r
        ? (browserBuilds(look.read(`${pkg.dir}/node_modules/${r.package}/${r.file}`), Object.keys(browsers)) ??
          browserBuilds(look.read(`${dirOf(pkg.dir)}/${r.package}/${r.file}`), Object.keys(browsers)))
        : null;
      const found: string[] = [];
      const expected: string[] = [];
      const other: string[] = [];
      for (const [b, exe] of Object.entries(browsers)) {
        const build = builds?.[b];
        const named = build ?? "BUILD";
        expected.push([b, `${platform}-${named}`, exe].join("/"));
        for (const n of (look.list(at(b)) ?? []).slice().sort(compare)) {
          const ok = build !== undefined ? n === `${platform}-${build}` : n.startsWith(`${platform}-`);
          if (ok && look.exists(at(`${b}/${n}/${exe}`))) found.push(at(`${b}/${n}/${exe}`));
          else other.push(`${b}/${n}`);
        }
      }
      return { found, expected, other };
    }
  }
}

/**
 * The packages not looked at (report.notChecked) looked at, for --target host: found (foundOutside),
 * missing (a binaries-missing-outside package issue, exit 1), or still not looked at with why. A
 * package already reported for the directory a variable names (browser-revision-mismatch) is left to
 * that finding.
 */
export function lookOutside(report: ScanReport, env: Readonly<Record<string, string | undefined>>, system: SystemName, look: OutsideLook): ScanReport {
  const notChecked: NotChecked[] = [];
  const foundOutside: FoundOutside[] = [...report.foundOutside];
  const issues: PackageIssue[] = [...report.packageIssues];
  for (const n of report.notChecked) {
    const rule = lookRule(n.package.name);
    if (rule === null) {
      notChecked.push(n);
      continue;
    }
    const where = outsideLocation(rule, n.package.dir, env);
    if ("why" in where) {
      notChecked.push({ ...n, why: where.why, variable: where.variable });
      continue;
    }
    const seen = lookIn(rule, n.package, where.location, system, look);
    if (seen.found.length > 0) {
      foundOutside.push({
        code: "binaries-found-outside",
        package: n.package,
        what: n.what,
        location: where.location,
        from: where.from,
        found: seen.found,
        scanned: [],
      });
      continue;
    }
    if (issues.some((p) => p.package.dir === n.package.dir && p.problem.code === "browser-revision-mismatch")) continue;
    issues.push({
      package: n.package,
      problem: {
        code: "binaries-missing-outside",
        what: n.what,
        location: where.location,
        from: where.from,
        expected: seen.expected,
        other: seen.other,
        install: rule.install,
      },
      variables: n.variables,
    });
  }
  issues.sort((a, b) => compare(a.package.dir, b.package.dir) || compare(a.problem.code, b.problem.code));
  foundOutside.sort((a, b) => compare(a.package.dir, b.package.dir));
  return { ...report, notChecked, foundOutside, packageIssues: issues };
}

// The CLI proper, with its world passed in (streams, env, cwd) so tests can drive it in-process.
import { ConfigError } from "../config/config.js";
import { makeBaseline, projectPaths } from "../config/policy.js";
import { baselinePath, configStart, type LoadedConfig, loadConfig, readBaseline } from "../io/config-file.js";
import { GitError, stagedTree } from "../io/git-staged.js";
import { OutputError, writeOutput } from "../io/output.js";
import { DEFAULT_RELEASE, nearestRelease } from "../loader/profiles.js";
import { findings } from "../model/finding-list.js";
import { exitCodeFor } from "../model/findings.js";
import { absolute, isUnder } from "../model/paths.js";
import type { ScanReport } from "../model/report.js";
import { attributeSources } from "../nixpkgs/attrs.js";
import { runPipeline, TargetError } from "../pipeline.js";
import { renderGithub } from "../render/github.js";
import { renderJson } from "../render/json.js";
import { emitters, NixEmitError, NixEscapeError } from "../render/nix/index.js";
import { renderSarif } from "../render/sarif.js";
import { renderShort } from "../render/short.js";
import { renderTable } from "../render/table.js";
import { targetWarningText } from "../render/words.js";
import { HostError } from "../scan/host.js";
import { ScanRootError } from "../scan/scan.js";
import { VERSION } from "../version.js";
import { type CliOptions, HELP, parseCli, UsageError } from "./args.js";

export interface World {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  arch: string;
  /** The host's os-release, consulted for the target on NixOS (default /etc/os-release; null: not consulted). */
  osRelease?: string | null;
}

/** Operational failures: printed as one "nix-bincheck: error:" line, exit 2. */
const OPERATIONAL = [UsageError, TargetError, ScanRootError, HostError, ConfigError, GitError, NixEmitError, NixEscapeError, OutputError];

/** NO_COLOR (https://no-color.org): set and not empty. It turns off colour and the progress line. */
function noColor(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== "";
}

/** The os-release to consult: the world's, else NIX_BINCHECK_OS_RELEASE (empty: none), else the default. */
function osReleaseOf(w: World): { osRelease?: string | null } {
  if (w.osRelease !== undefined) return { osRelease: w.osRelease };
  const v = w.env.NIX_BINCHECK_OS_RELEASE;
  return v === undefined ? {} : { osRelease: v === "" ? null : v };
}

/** The project's config: --config, else the nearest one at or above the first PATH. */
function projectConfig(o: CliOptions, w: World): LoadedConfig {
  return loadConfig({ explicit: o.config, cwd: w.cwd, from: configStart(w.cwd, o.paths[0]!), upward: true, fallbackDir: w.cwd });
}

export function run(argv: string[], w: World): number {
  try {
    const o = parseCli(argv);
    if (o.help) {
      w.stdout.write(HELP);
      return 0;
    }
    if (o.version) {
      w.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (o.listAttributes) {
      const asked = o.nixpkgs ?? projectConfig(o, w).config.nixpkgs ?? DEFAULT_RELEASE;
      const near = nearestRelease(asked)!;
      if (!near.known)
        w.stderr.write(
          `nix-bincheck: warning: ${targetWarningText({ code: "release-unknown", name: asked, nearest: near.release, from: o.nixpkgs !== null ? "option" : "config" })}\n`,
        );
      const release = near.release;
      for (const a of attributeSources(release)) w.stdout.write(`${a.attr}\t${a.verified ? "verified" : "not verified"}\t${a.sources.join(" ")}\n`);
      return 0;
    }
    if (!o.staged) {
      const loaded = projectConfig(o, w);
      return scanAndReport(o, { roots: o.paths, cwd: w.cwd, loaded, base: loaded.dir }, w);
    }
    const tree = stagedTree(w.cwd);
    try {
      if (tree.staged.length === 0) return 0;
      // The repository's top-level config; its directory stands for the same place in the checkout.
      const loaded = loadConfig({ explicit: o.config, cwd: w.cwd, from: tree.top, upward: false, fallbackDir: tree.top });
      const base = isUnder(tree.top, loaded.dir) ? `${tree.dir}${loaded.dir.slice(tree.top.length)}` : tree.dir;
      // Scan the staged files where the index was checked out, reporting repository paths.
      const here = process.cwd();
      process.chdir(tree.dir);
      try {
        return scanAndReport(o, { roots: tree.staged, cwd: tree.dir, loaded, base, flakeLockFrom: tree.top }, w);
      } finally {
        process.chdir(here);
      }
    } finally {
      tree.cleanup();
    }
  } catch (e) {
    if (OPERATIONAL.some((k) => e instanceof k)) {
      w.stderr.write(`nix-bincheck: error: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

interface ScanTarget {
  roots: string[];
  /** What relative roots are relative to (the checkout for --staged). */
  cwd: string;
  loaded: LoadedConfig;
  /** The config's directory as seen from the scanned paths (the same place in the checkout for --staged). */
  base: string;
  /** Where to look for the project's flake.lock (default: the first root; the repository for --staged). */
  flakeLockFrom?: string;
}

function scanAndReport(o: CliOptions, t: ScanTarget, w: World): number {
  const { roots, cwd, loaded, base } = t;
  const progress = !o.quiet && w.stderr.isTTY === true && !noColor(w.env) ? progressLine(w.stderr) : null;
  const bpath = baselinePath(loaded, w.cwd, o.baseline);
  const report = runPipeline({
    roots,
    cwd,
    arch: w.arch,
    system: o.system,
    nixpkgs: o.nixpkgs,
    allFiles: o.allFiles,
    resolve: o.resolve,
    host: o.host,
    buildHostPass: o.hostPass,
    prefer: o.prefer,
    nixLocate: o.nixLocate,
    env: w.env,
    ignore: o.ignore,
    config: loaded.config,
    ...(t.flakeLockFrom !== undefined ? { flakeLockFrom: t.flakeLockFrom } : {}),
    ...osReleaseOf(w),
    projectDir: base,
    configWhere: loaded.where,
    // Writing a baseline records every finding, so none may be accepted by the old one.
    baseline: o.writeBaseline ? null : readBaseline(bpath, o.baseline !== null),
    ...(progress ? { onProgress: progress.update } : {}),
    onWarning: (message) => w.stderr.write(`nix-bincheck: warning: ${message}\n`),
  });
  progress?.done();
  if (o.writeBaseline) {
    const b = makeBaseline(findings(report), projectPaths(cwd, base));
    writeOutput(bpath, `${JSON.stringify(b, null, 2)}\n`, true);
    w.stderr.write(`nix-bincheck: wrote ${b.findings.length} finding${b.findings.length === 1 ? "" : "s"} to ${bpath}; later runs fail only on new ones\n`);
    return 0;
  }
  const color = o.color ?? (o.out === null && w.stdout.isTTY === true && !noColor(w.env));
  const text =
    o.emit !== null
      ? emitters[o.emit](report, report.mapping!, { ...(o.binary !== null ? { binary: o.binary } : {}), baseDir: cwd })
      : render(o, report, color);
  if (o.out === null) w.stdout.write(text);
  else writeOutput(absolute(w.cwd, o.out), text, o.force);
  return exitCodeFor(report);
}

function render(o: CliOptions, report: ScanReport, color: boolean): string {
  switch (o.format) {
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report);
    case "github":
      return renderGithub(report);
    case "short":
      return renderShort(report);
    case "table":
      return renderTable(report, { color, verbose: o.verbose });
  }
}

/** A single self-overwriting status line on a terminal's stderr, at most ten updates a second. */
function progressLine(err: NodeJS.WritableStream) {
  let last = 0;
  let shown = false;
  return {
    update: (files: number, elf: number) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      err.write(`\r\x1b[Kscanning: ${files} files, ${elf} ELF`);
    },
    done: () => {
      if (shown) err.write("\r\x1b[K");
    },
  };
}

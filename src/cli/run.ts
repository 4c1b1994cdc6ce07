// The CLI proper, with its world passed in (streams, env, cwd) so tests can drive it in-process.
import { join } from "node:path";
import { ConfigError } from "../config/config.js";
import { makeBaseline, projectPaths } from "../config/policy.js";
import { readShippedTable, ShippedFileError } from "../io/code-cache.js";
import { baselinePath, configStart, type LoadedConfig, loadConfig, readBaseline } from "../io/config-file.js";
import { GitError, stagedTree } from "../io/git-staged.js";
import { OutputError, writeOutput } from "../io/output.js";
import { DEFAULT_RELEASE, nearestRelease } from "../loader/profiles.js";
import { findings } from "../model/finding-list.js";
import { exitCodeFor } from "../model/findings.js";
import { absolute, isUnder } from "../model/paths.js";
import type { ScanReport } from "../model/report.js";
import { attributeSources } from "../nixpkgs/attrs.js";
import { readTableWith } from "../nixpkgs/table.js";
import { runPipeline, TargetError } from "../pipeline.js";
import { renderGithub } from "../render/github.js";
import { jsonChunks, renderJson } from "../render/json.js";
import { emitters, NixEmitError, NixEscapeError } from "../render/nix/index.js";
import { renderSarif } from "../render/sarif.js";
import { renderShort } from "../render/short.js";
import { renderTable } from "../render/table.js";
import { targetWarningText } from "../render/words/index.js";
import { HostError } from "../scan/host.js";
import { ScanRootError } from "../scan/scan.js";
import { neededInCheckout } from "../scan/staged.js";
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
const OPERATIONAL = [UsageError, TargetError, ScanRootError, HostError, ConfigError, GitError, NixEmitError, NixEscapeError, OutputError, ShippedFileError];

/** The built command's soname table is a file in `dir`, beside the scanner (src/build.sh): read it from there. */
export function useShippedTable(dir: string): void {
  readTableWith((name) => readShippedTable(join(dir, name)));
}

/** NO_COLOR (https://no-color.org): set and not empty. It turns off colour and the progress line. */
function noColor(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== "";
}

/** The os-release to consult: the world's, else NIX_BINCHECK_OS_RELEASE (empty: none), else the default. */
function osReleaseOf(world: World): { osRelease?: string | null } {
  if (world.osRelease !== undefined) return { osRelease: world.osRelease };
  const v = world.env.NIX_BINCHECK_OS_RELEASE;
  return v === undefined ? {} : { osRelease: v === "" ? null : v };
}

/**
 * NIX_BINCHECK_TODAY=YYYY-MM-DD: the date end-of-life warnings are judged on, for reproducible reports
 * (snapshots in CI, this project's own tests); any other value is ignored.
 */
function todayOf(world: World): { today?: string } {
  const v = world.env.NIX_BINCHECK_TODAY;
  return v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v) ? { today: v } : {};
}

/** The project's config: --config, else the nearest one at or above the first PATH. */
function projectConfig(options: CliOptions, world: World): LoadedConfig {
  return loadConfig({ explicit: options.config, cwd: world.cwd, from: configStart(world.cwd, options.paths[0]!), upward: true, fallbackDir: world.cwd });
}

export function run(argv: string[], world: World): number {
  try {
    const options = parseCli(argv);
    if (options.help) {
      world.stdout.write(HELP);
      return 0;
    }
    if (options.version) {
      world.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (options.listAttributes) {
      const asked = options.nixpkgs ?? projectConfig(options, world).config.nixpkgs ?? DEFAULT_RELEASE;
      const near = nearestRelease(asked)!;
      if (!near.known)
        world.stderr.write(
          `nix-bincheck: warning: ${targetWarningText({ code: "release-unknown", name: asked, nearest: near.release, from: options.nixpkgs !== null ? "option" : "config" })}\n`,
        );
      const release = near.release;
      for (const row of attributeSources(release)) world.stdout.write(`${row.attr}\t${row.evidence}\t${row.sources.join(" ")}\n`);
      return 0;
    }
    if (!options.staged) {
      const loaded = projectConfig(options, world);
      return scanAndReport(options, { roots: options.paths, cwd: world.cwd, loaded, base: loaded.dir }, world);
    }
    const tree = stagedTree(world.cwd, neededInCheckout);
    try {
      if (tree.staged.length === 0) return 0;
      // The repository's top-level config; its directory stands for the same place in the checkout.
      const loaded = loadConfig({ explicit: options.config, cwd: world.cwd, from: tree.top, upward: false, fallbackDir: tree.top });
      const base = isUnder(tree.top, loaded.dir) ? `${tree.dir}${loaded.dir.slice(tree.top.length)}` : tree.dir;
      // Scan the staged files where the index was checked out, reporting repository paths.
      const here = process.cwd();
      process.chdir(tree.dir);
      try {
        return scanAndReport(options, { roots: tree.staged, cwd: tree.dir, loaded, base, flakeLockFrom: tree.top }, world);
      } finally {
        process.chdir(here);
      }
    } finally {
      tree.cleanup();
    }
  } catch (error) {
    if (OPERATIONAL.some((kind) => error instanceof kind)) {
      world.stderr.write(`nix-bincheck: error: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
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

function scanAndReport(options: CliOptions, target: ScanTarget, world: World): number {
  const { roots, cwd, loaded, base } = target;
  const progress = !options.quiet && world.stderr.isTTY === true && !noColor(world.env) ? progressLine(world.stderr) : null;
  const bpath = baselinePath(loaded, world.cwd, options.baseline);
  const report = runPipeline({
    roots,
    cwd,
    arch: world.arch,
    system: options.system,
    nixpkgs: options.nixpkgs,
    allFiles: options.allFiles,
    resolve: options.resolve,
    host: options.host,
    buildHostPass: options.hostPass,
    judge: options.target,
    root: options.root === null ? null : absolute(world.cwd, options.root),
    prefer: options.prefer,
    nixLocate: options.nixLocate,
    env: world.env,
    ignore: options.ignore,
    config: loaded.config,
    ...(target.flakeLockFrom !== undefined ? { flakeLockFrom: target.flakeLockFrom } : {}),
    ...osReleaseOf(world),
    ...todayOf(world),
    projectDir: base,
    configWhere: loaded.where,
    // Writing a baseline records every finding, so none may be accepted by the old one.
    baseline: options.writeBaseline ? null : readBaseline(bpath, options.baseline !== null),
    ...(progress ? { onProgress: progress.update } : {}),
    onWarning: (message) => world.stderr.write(`nix-bincheck: warning: ${message}\n`),
  });
  progress?.done();
  if (options.writeBaseline) {
    const b = makeBaseline(findings(report), projectPaths(cwd, base));
    writeOutput(bpath, `${JSON.stringify(b, null, 2)}\n`, true);
    world.stderr.write(`nix-bincheck: wrote ${b.findings.length} finding${b.findings.length === 1 ? "" : "s"} to ${bpath}; later runs fail only on new ones\n`);
    return 0;
  }
  if (options.emit === null && options.format === "json" && options.out === null) {
    writeChunks(world.stdout, jsonChunks(report));
    return exitCodeFor(report);
  }
  const color = options.color ?? (options.out === null && world.stdout.isTTY === true && !noColor(world.env));
  const text =
    options.emit !== null
      ? emitters[options.emit](report, report.mapping!, { ...(options.binary !== null ? { binary: options.binary } : {}), baseDir: cwd })
      : render(options, report, color);
  if (options.out === null) world.stdout.write(text);
  else writeOutput(absolute(world.cwd, options.out), text, options.force);
  return exitCodeFor(report);
}

function render(options: CliOptions, report: ScanReport, color: boolean): string {
  switch (options.format) {
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report);
    case "github":
      return renderGithub(report);
    case "short":
      return renderShort(report);
    case "table":
      return renderTable(report, { color, verbose: options.verbose });
  }
}

/** Text written as it is rendered, in writes of about 64 KiB (not one per piece, not all at once). */
function writeChunks(out: NodeJS.WritableStream, chunks: Iterable<string>): void {
  let pending = "";
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= 65536) {
      out.write(pending);
      pending = "";
    }
  }
  if (pending !== "") out.write(pending);
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

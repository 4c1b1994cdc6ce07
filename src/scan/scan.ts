// scan(): walk the roots, sniff every candidate, parse ELF files once per inode, then (optionally)
// run the loader emulation over the whole set. Synchronous: positioned reads beat async I/O here.

import { parseElf } from "../elf/parse.js";
import type { ElfInfo } from "../elf/types.js";
import { inspectFile } from "../io/inspect.js";
import { VCS_DIRS, type WalkProblem, WalkRootError, walkRoot } from "../io/walk.js";
import type { SystemName } from "../loader/types.js";
import { compare } from "../model/order.js";
import type { FileReport, ScanProblem, ScanReport, SymlinkReport } from "../model/report.js";
import { SCHEMA_VERSION } from "../model/report.js";
import { rootFailureText } from "../render/words/index.js";
import { VERSION } from "../version.js";
import { PackageIndex } from "./packages.js";
import { judgeShebang, type ScriptFinding } from "./shebang.js";
import { skippedByName } from "./skip.js";

export interface ScanOptions {
  /** Open every regular file instead of skipping well-known text endings. */
  allFiles?: boolean;
  /** Called every ~256 files with the running count of regular files seen. */
  onProgress?: (filesSeen: number, elfFiles: number) => void;
  /**
   * Paths to leave out, asked during the walk with the root they were reached from (an ignored
   * directory is not listed at all). See ignoreMatcher() in config/policy.ts.
   */
  ignore?: (path: string, root: string, isDir: boolean) => boolean;
  /** Walk into version-control metadata (.git, .hg, .svn, _darcs, .jj) below a root; default false. */
  vcsDirs?: boolean;
  /**
   * The target, for the npm package checks (an addon built for this machine, prebuilds for this
   * platform); without it, packages whose binary was never built or downloaded are not looked for.
   */
  system?: SystemName;
}

/** Errors that make the whole scan impossible (exit 2), as opposed to per-file problems. */
export class ScanRootError extends Error {
  constructor(
    readonly root: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ScanRootError";
  }
}

export interface Collected {
  report: ScanReport;
  /** Parsed ELF headers by "dev:ino", handed to the loader emulation so nothing is parsed twice. */
  infoById: Map<string, ElfInfo>;
}

/** Walk and parse; the result has no loader analysis yet (see analyseReport()). */
export function collect(roots: readonly string[], options: ScanOptions = {}): Collected {
  const byInode = new Map<string, FileReport>();
  const infoById = new Map<string, ElfInfo>();
  const files: FileReport[] = [];
  const symlinks: SymlinkReport[] = [];
  const scripts: ScriptFinding[] = [];
  const problems: (ScanProblem & { path: string })[] = [];
  const nonElf: Record<string, number> = {};
  let regular = 0;
  let sniffed = 0;
  let skipped = 0;
  let special = 0;
  let hardLinked = 0;
  const packages = new PackageIndex();

  const onFile = (path: string, name: string, explicit: boolean, dir: string): void => {
    regular++;
    packages.noteFile(name, dir);
    if (options.onProgress && (regular & 255) === 0) options.onProgress(regular, files.length);
    if (!options.allFiles && !explicit && skippedByName(name)) {
      skipped++;
      return;
    }
    sniffed++;
    const res = inspectFile(
      path,
      (src, first, id) => {
        const key = `${id.dev}:${id.ino}`;
        if (id.nlink > 1) {
          const seen = byInode.get(key);
          if (seen) {
            seen.paths.push(path);
            hardLinked++;
            // pnpm hard-links one file into several packages: each of them has its addon.
            packages.noteElf(path, seen.elf);
            return;
          }
        }
        const parsed = parseElf(src, { head: first });
        const report: FileReport = { path, paths: [path], size: id.size, elf: parsed.info, errors: parsed.errors, warnings: parsed.warnings };
        // biome-ignore lint/suspicious/noControlCharactersInRegex: a path with control characters is what this detects
        if (/[\u0000-\u001f\u007f]/.test(path)) report.warnings.push({ code: "path-control-characters" });
        if ((id.mode & 0o6000) !== 0 && parsed.info?.usesOrigin) report.warnings.push({ code: "setuid-origin" });
        if (id.nlink > 1) byInode.set(key, report);
        if (parsed.info) infoById.set(key, parsed.info);
        packages.noteElf(path, parsed.info);
        files.push(report);
      },
      explicit,
    );
    if (res.kind === "script") {
      nonElf.script = (nonElf.script ?? 0) + 1;
      const finding = res.executable ? judgeShebang(path, res.line) : null;
      if (finding) scripts.push(finding);
    } else if (res.kind === "not-elf") nonElf[res.magic] = (nonElf[res.magic] ?? 0) + 1;
    else if (res.kind === "error") problems.push({ path, code: "file-unreadable", detail: res.detail });
  };

  const sink = {
    file: onFile,
    symlink: (path: string, target: string | null) => {
      packages.noteSymlink(path);
      symlinks.push({ path, target });
    },
    special: () => special++,
    problem: (path: string, problem: WalkProblem) => problems.push({ path, ...problem }),
  };
  for (const root of roots) {
    const ignore = options.ignore;
    packages.noteRoot(root);
    try {
      walkRoot(root, sink, {
        ...(ignore ? { ignored: (p: string, isDir: boolean) => ignore(p, root, isDir) } : {}),
        ...(options.vcsDirs ? {} : { skipDirNames: VCS_DIRS }),
      });
    } catch (e) {
      if (e instanceof WalkRootError) throw new ScanRootError(root, rootFailureText(e.failure), { cause: e.error });
      throw e;
    }
  }

  for (const f of files) {
    if (f.paths.length > 1) {
      f.paths.sort(compare);
      f.path = f.paths[0]!;
    }
  }
  files.sort((a, b) => compare(a.path, b.path));
  // The owning package of every ELF file and flagged script (package.json read once per directory).
  for (const f of files) {
    const owner = packages.ownerOf(f.path);
    if (owner) f.package = owner;
  }
  for (const s of scripts) {
    const owner = packages.ownerOf(s.path);
    if (owner) s.package = owner;
  }
  const { issues, notChecked } = options.system ? packages.check(options.system) : { issues: [], notChecked: [] };
  const summaries = packages.summaries(files);
  symlinks.sort((a, b) => compare(a.path, b.path));
  scripts.sort((a, b) => compare(a.path, b.path));
  problems.sort((a, b) => compare(a.path, b.path) || compare(a.code, b.code));

  const report: ScanReport = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "nix-bincheck", version: VERSION },
    roots: [...roots],
    options: { allFiles: options.allFiles === true, resolve: false, system: null, host: null },
    files,
    scripts,
    symlinks,
    packageIssues: issues,
    notChecked,
    foundOutside: [],
    packages: summaries,
    problems,
    summary: {
      regularFiles: regular,
      sniffed,
      skippedByName: skipped,
      elfFiles: files.length,
      hardLinkedPaths: hardLinked,
      special,
      symlinks: symlinks.length,
      nonElf,
      problems: problems.length,
      filesWithErrors: files.filter((f) => f.errors.length > 0).length,
    },
  };
  return { report, infoById };
}

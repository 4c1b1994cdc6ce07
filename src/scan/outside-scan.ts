// The binaries found outside the tree (report.foundOutside, --target host), scanned like the tree: the
// directory holding each executable found (Playwright's chromium-NNNN/chrome-linux64/, with the
// libraries it bundles there) is walked and its ELF files parsed by collect(), the tree's own scan, so
// that the loader emulation judges them with everything else. Each file is marked with the package whose
// cache holds it (`outsideOf`, and `package`). Only those directories are walked, never the whole cache;
// nothing found is run.
import { WalkRootError } from "../io/walk.js";
import { compare } from "../model/order.js";
import type { FoundOutside } from "../model/packages.js";
import { absolute, dirname, isUnder } from "../model/paths.js";
import type { FileReport, ScanProblem } from "../model/report.js";
import { type Collected, collect, ScanRootError } from "./scan.js";

export interface OutsideScanOptions {
  /** Open every regular file, as for the tree (--all-files). */
  allFiles: boolean;
  /** What the scanned roots are relative to: a found directory inside them is the tree's, not walked again. */
  cwd: string;
  /** Where a path of the judged system is on this machine (--root DIR: inside DIR), or null when it is not there. */
  at: (path: string) => string | null;
}

/**
 * The directories to walk for one package found outside: the directory of each executable found, as
 * this machine reaches it, less those inside the scanned roots and those inside another one walked.
 */
export function outsideDirectories(found: FoundOutside, roots: readonly string[], options: Pick<OutsideScanOptions, "cwd" | "at">): string[] {
  const inTree = roots.map((r) => absolute(options.cwd, r));
  const dirs = new Set<string>();
  for (const exe of found.found) {
    if (!exe.startsWith("/")) continue; // inside the package (PLAYWRIGHT_BROWSERS_PATH=0): the tree's scan has it
    const here = options.at(dirname(exe));
    if (here === null || inTree.some((t) => isUnder(t, here))) continue;
    dirs.add(here);
  }
  const sorted = [...dirs].sort(compare);
  return sorted.filter((d) => !sorted.some((o) => o !== d && isUnder(o, d)));
}

/**
 * The collected scan with the files found outside added (sorted in with the tree's), their walk
 * problems, and `scanned` on each foundOutside entry. A file the tree's scan already has (the same
 * inode) is not added twice. Scripts and symlinks there are not reported: only ELF files are judged.
 */
export function scanOutside(collected: Collected, options: OutsideScanOptions): Collected {
  const report = collected.report;
  if (report.foundOutside.length === 0) return collected;
  const infoById = new Map(collected.infoById);
  const known = new Set(report.files.flatMap((f) => f.paths));
  const files: FileReport[] = [...report.files];
  const problems: (ScanProblem & { path: string })[] = [...report.problems];
  const summary = { ...report.summary, nonElf: { ...report.summary.nonElf } };
  const walked = new Set<string>();
  const foundOutside = report.foundOutside.map((found): FoundOutside => {
    const dirs = outsideDirectories(found, report.roots, options).filter((d) => !walked.has(d));
    for (const dir of dirs) {
      walked.add(dir);
      let got: Collected;
      try {
        got = collect([dir], { allFiles: options.allFiles });
      } catch (e) {
        if (!(e instanceof ScanRootError) || !(e.cause instanceof WalkRootError)) throw e;
        const f = e.cause.failure;
        problems.push(
          f.doing === "look-up"
            ? { path: dir, code: "walk-stat-failed", detail: { reason: "cannot-stat", error: f.error } }
            : { path: dir, code: "walk-unreadable-dir", detail: { reason: f.doing === "open" ? "cannot-open" : "cannot-read", error: f.error } },
        );
        continue;
      }
      const idOf = new Map([...got.infoById].map(([id, info]) => [info, id] as const));
      for (const f of got.report.files) {
        const id = f.elf ? idOf.get(f.elf) : undefined;
        if ((id !== undefined && infoById.has(id)) || f.paths.some((p) => known.has(p))) continue;
        if (id !== undefined && f.elf) infoById.set(id, f.elf);
        for (const p of f.paths) known.add(p);
        const { package: _owner, ...rest } = f;
        files.push({ ...rest, package: found.package, outsideOf: found.package });
        summary.elfFiles++;
        if (f.errors.length > 0) summary.filesWithErrors++;
      }
      problems.push(...got.report.problems);
      const s = got.report.summary;
      summary.regularFiles += s.regularFiles;
      summary.sniffed += s.sniffed;
      summary.skippedByName += s.skippedByName;
      summary.hardLinkedPaths += s.hardLinkedPaths;
      summary.special += s.special;
      for (const [k, n] of Object.entries(s.nonElf)) summary.nonElf[k] = (summary.nonElf[k] ?? 0) + n;
    }
    return { ...found, scanned: dirs };
  });
  files.sort((a, b) => compare(a.path, b.path));
  problems.sort((a, b) => compare(a.path, b.path) || compare(a.code, b.code));
  summary.problems = problems.length;
  return { report: { ...report, files, problems, foundOutside, summary }, infoById };
}

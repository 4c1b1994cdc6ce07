// The terminal report. By default a table: one row per kind of finding (verdict, file or files, what
// is wrong, the fix in a few words), grouped by verdict, then what to add from nixpkgs and a summary;
// a finding shared by many files is one row with their count, so a 500-binary tree fits on a few
// screens. -v (and --no-resolve, which has no verdicts) gives one block per file with every edge.
// Pure: colour is an option. Laid out here rather than with a table package: the columns are plain
// text, and a runtime dependency would cost the Nix package its build from nixpkgs' esbuild alone.

import type { Edge } from "../loader/types.js";
import { packageFix } from "../model/finding-list.js";
import { findingCount, isFinding, isMissing } from "../model/findings.js";
import { compare } from "../model/order.js";
import { packageState } from "../model/package-state.js";
import type { FileReport, ScanReport } from "../model/report.js";
import type { Mapping } from "../nixpkgs/types.js";
import { createColors } from "./colors.js";
import { listFindings } from "./findings.js";
import {
  acceptanceText,
  DRIVER_ADVICE,
  edgeNoteText,
  elfErrorText,
  environmentText,
  evidenceBrief,
  fileWarningText,
  fixBrief,
  fixText,
  foundOutsideText,
  hostAssumptionText,
  inTreeText,
  mappingNoteText,
  mappingWarningText,
  notCheckedText,
  outsideFileText,
  packageProblemText,
  packageSummaryText,
  packageText,
  problemBrief,
  problemText,
  scanProblemText,
  targetText,
  triedText,
  unmappedText,
  versionVerdictText,
} from "./words/index.js";

export interface TableOptions {
  color: boolean;
  verbose: boolean;
}

/** Printable form of a path or name: control characters escaped so one entry stays on one line. */
export function printable(s: string): string {
  // biome-ignore lint: control characters are the point here
  return /[\u0000-\u001f\u007f]/.test(s) ? JSON.stringify(s) : s;
}

export function renderTable(report: ScanReport, tableOptions: TableOptions): string {
  return tableOptions.verbose || !report.options.resolve ? renderDetail(report, tableOptions) : renderCompact(report, tableOptions);
}

interface Row {
  verdict: string;
  /** The owning npm package ("name@version"), or "". */
  pkg: string;
  files: string[];
  what: string;
  fix: string;
}

/** Findings that say the same thing (verdict, package, problem, fix) share a row. */
function rows(report: ScanReport): Row[] {
  const byKey = new Map<string, Row>();
  for (const f of listFindings(report)) {
    const what = problemBrief(f.problem);
    const fix = fixBrief(f.fix);
    const pkg = f.package ? packageText(f.package) : "";
    // A file whose header could not be read is coded by the reader's error (elf-bad-ident, ...): its
    // verdict is unparseable, like a damaged file that was analysed; WHAT names the error.
    const verdict = f.problem.code === "elf-errors" ? "unparseable" : f.code;
    const key = `${verdict}\u0000${pkg}\u0000${what}\u0000${fix}`;
    const row = byKey.get(key);
    if (row) row.files.push(f.path);
    else byKey.set(key, { verdict, pkg, files: [f.path], what, fix });
  }
  return [...byKey.values()];
}

/** Verdicts in the order a reader acts on them: what breaks anywhere first, warnings last. */
const VERDICT_ORDER = [
  "addon-not-built",
  "no-prebuild-for-platform",
  "binary-not-downloaded",
  "binary-not-in-tree",
  "placeholder-bin",
  "broken-on-any-system",
  "unparseable",
  "needs-newer-glibc",
  "needs-libraries",
  "needs-interpreter",
  "script-interpreter",
  "cpu-dependent",
];

const width = (s: string) => [...s].length;

function renderCompact(report: ScanReport, options: TableOptions): string {
  const c = createColors(options.color);
  const out: string[] = [];
  const all = rows(report);
  if (all.length > 0) {
    const rank = (v: string) => (VERDICT_ORDER.includes(v) ? VERDICT_ORDER.indexOf(v) : VERDICT_ORDER.length);
    all.sort(
      (a, b) => rank(a.verdict) - rank(b.verdict) || compare(a.verdict, b.verdict) || b.files.length - a.files.length || compare(a.files[0]!, b.files[0]!),
    );
    const fileCell = (row: Row) => (row.files.length === 1 ? printable(row.files[0]!) : `${row.files.length} files: ${printable(row.files[0]!)}, ...`);
    // The package column appears when some finding is in an npm package.
    const withPackage = all.some((row) => row.pkg !== "");
    const cells = all.map((row) => [row.verdict, ...(withPackage ? [printable(row.pkg)] : []), fileCell(row), printable(row.what), row.fix]);
    const head = ["VERDICT", ...(withPackage ? ["PACKAGE"] : []), "FILE", "WHAT", "FIX"];
    // Columns fit their widest cell, up to a cap; a longer cell pushes the rest of its row along.
    const caps = [24, ...(withPackage ? [36] : []), 70, 48, 40];
    const widths = head.map((h, i) => Math.min(caps[i]!, Math.max(width(h), ...cells.map((cell) => width(cell[i]!)))));
    const line = (cell: string[], style: (i: number, text: string) => string) =>
      cell
        .map((text, i) => style(i, i === cell.length - 1 ? text : text + " ".repeat(Math.max(0, widths[i]! - width(text)))))
        .join("  ")
        .trimEnd();
    out.push(line(head, (_i, t) => c.bold(t)));
    let previous = "";
    for (const [k, cell] of cells.entries()) {
      const verdict = all[k]!.verdict;
      // The verdict is written once per group.
      const shownCell = [verdict === previous ? "" : verdict, ...cell.slice(1)];
      previous = verdict;
      out.push(line(shownCell, (i, t) => (i === 0 ? verdictColour(c, t) : i === head.length - 1 ? c.dim(t) : t)));
    }
    if (all.some((row) => row.files.length > 1)) out.push(c.dim("(rows with several files: -v lists every file; --json lists every finding)"));
    out.push("");
  }
  const hosts = hostTexts(report.files.filter((f) => f.analysis?.role === "addon" && isFinding(f)));
  if (hosts.length > 0) out.push(...hosts.map((h) => c.dim(`note: ${h}`)), "");
  if (report.mapping) out.push(...mappingLines(report.mapping, c));
  out.push(...footer(report, options, c));
  return `${out.join("\n")}\n`;
}

/** What is assumed about the processes that load these files: once per distinct host (node's and Bare's addons differ). */
function hostTexts(files: FileReport[]): string[] {
  return [...new Set(files.flatMap((f) => (f.analysis?.host ? [hostAssumptionText(f.analysis.host.assumption)] : [])))];
}

/** Packages that keep their binaries outside the tree: said, so that "nothing to fix" is not silent about them. */
function notCheckedLines(report: ScanReport, colors: Colors): string[] {
  if (report.notChecked.length === 0) return [];
  return [colors.bold("Not looked at (binaries outside the scanned tree)"), ...report.notChecked.map((n) => `  ${printable(notCheckedText(n))}`), ""];
}

/** Packages whose binaries outside the tree were found where their code looks (--target host). */
function foundOutsideLines(report: ScanReport, colors: Colors): string[] {
  if (report.foundOutside.length === 0) return [];
  return [colors.bold("Found outside the scanned tree"), ...report.foundOutside.map((f) => `  ${printable(foundOutsideText(f))}`), ""];
}

/** The per-package section: each npm package nix-bincheck knows, its state and its fix (or "nothing to do"). */
function packageLines(report: ScanReport, colors: Colors): string[] {
  if (report.packages.length === 0) return [];
  const out = [colors.bold(`npm packages with known NixOS fixes: ${report.packages.length}`)];
  for (const s of report.packages) {
    const state = packageState(report, s);
    const text = printable(packageSummaryText(s, state));
    out.push(`  ${state === "runs" ? colors.green(text) : text}`, colors.dim(`      evidence: ${printable(s.evidence)}`));
    for (const v of s.versions) out.push(colors.dim(`      version: ${printable(versionVerdictText(v))}`));
    if (s.inTree) out.push(colors.dim(`      ${printable(inTreeText(s.inTree))}`));
  }
  return [...out, ""];
}

/** What both layouts end with: known packages, packages not looked at, other platforms, what was judged, the summary. */
function footer(report: ScanReport, options: TableOptions, colors: Colors): string[] {
  const judged = environmentText(report.judged, report.environment);
  return [
    ...packageLines(report, colors),
    ...notCheckedLines(report, colors),
    ...foundOutsideLines(report, colors),
    ...otherPlatforms(report, options, colors),
    ...(judged !== null ? [colors.dim(judged)] : []),
    summaryLine(report, colors),
    ...targetLines(report, colors),
  ];
}

/** A verdict (padded or not) in its colour: green runs, dim other platforms, yellow what nix-ld or the CPU decides, red the rest. */
function verdictColour(colors: Colors, value: string): string {
  const t = value.trimEnd();
  if (t === "") return value;
  return t === "ok"
    ? colors.green(value)
    : t === "foreign"
      ? colors.dim(value)
      : t === "needs-interpreter" || t === "cpu-dependent"
        ? colors.yellow(value)
        : colors.red(value);
}

function otherPlatforms(report: ScanReport, options: TableOptions, colors: Colors): string[] {
  const foreign = report.files.filter((f) => f.analysis?.verdict === "foreign").length;
  const musl = report.files.filter((f) => f.analysis?.verdict === "foreign-libc").length;
  if ((foreign === 0 && musl === 0) || options.verbose) return [];
  const parts = [foreign > 0 ? `${foreign} for another system or OS` : "", musl > 0 ? `${musl} linked against musl` : ""].filter(Boolean);
  return [colors.dim(`Built for other platforms (not findings; -v lists them): ${parts.join(", ")}`), ""];
}

function renderDetail(report: ScanReport, tableOptions: TableOptions): string {
  const c = createColors(tableOptions.color);
  const out: string[] = [];
  // showsHost: the group's verdicts rest on an assumed host process, which is said once under its title.
  const groups: { title: string; files: FileReport[]; showsHost?: boolean }[] = [
    { title: "Executables", files: report.files.filter((f) => f.analysis?.role === "executable" || f.analysis?.role === "static") },
    {
      title: "Addons (shared objects with no interpreter, loaded by a host process; nix-ld does not reach them)",
      files: report.files.filter((f) => f.analysis?.role === "addon"),
      showsHost: true,
    },
    { title: "Libraries", files: report.files.filter((f) => f.analysis?.role === "library") },
    { title: "Other ELF files", files: report.files.filter((f) => !f.analysis) },
  ];
  const resolved = report.options.resolve;
  for (const g of groups) {
    const shown = g.files.filter((f) => tableOptions.verbose || isFinding(f) || !resolved);
    if (shown.length === 0) continue;
    out.push(c.bold(`${g.title}: ${g.files.length}${shown.length < g.files.length ? ` (${shown.length} shown; -v for all)` : ""}`));
    if (g.showsHost) out.push(...hostTexts(shown).map((h) => c.dim(`  assumption: ${h}`)));
    for (const f of shown) out.push(...fileBlock(f, tableOptions, c, (v) => verdictColour(c, v)));
    out.push("");
  }
  if (report.scripts.length > 0) {
    out.push(c.bold(`Scripts whose interpreter NixOS lacks: ${report.scripts.length}`));
    for (const s of report.scripts)
      out.push(
        `  ${s.accepted ? c.dim(`[${acceptanceText(s.accepted)}] `) : ""}${printable(s.path)}  ${c.red(`#!${printable(s.interpreter)}`)}  ${c.dim(`use ${printable(s.fix)}, or patchShebangs in a derivation`)}`,
      );
    out.push("");
  }
  if (report.packageIssues.length > 0) {
    out.push(c.bold(`npm packages whose binary was never built or downloaded: ${report.packageIssues.length}`));
    for (const p of report.packageIssues) {
      out.push(
        `  ${p.accepted ? c.dim(`[${acceptanceText(p.accepted)}] `) : ""}${c.red(p.problem.code)}  ${printable(p.package.dir)}  ${printable(packageText(p.package))}`,
      );
      out.push(`      ${printable(packageProblemText(p.problem))}`);
      out.push(c.dim(`      fix: ${printable(fixText(packageFix(p.problem, p.package, p.variables)))}`));
    }
    out.push("");
  }
  if (report.problems.length > 0) {
    out.push(c.bold(`Could not scan: ${report.problems.length}`));
    for (const p of report.problems) out.push(`  ${c.red(p.code)}  ${printable(p.path)}: ${printable(scanProblemText(p.detail))}`);
    out.push("");
  }
  if (report.mapping) out.push(...mappingLines(report.mapping, c));
  else {
    const missing = missingSummary(report);
    if (missing.length > 0) {
      out.push(c.bold("Libraries NixOS does not provide"));
      for (const m of missing) out.push(`  ${m.name}  ${c.dim(`(${count(m.count, "file")}${m.host ? `; on this machine: ${m.host}` : ""})`)}`);
      out.push("");
    }
  }
  out.push(...footer(report, tableOptions, c));
  return `${out.join("\n")}\n`;
}

type Colors = ReturnType<typeof createColors>;

function fileBlock(fileReport: FileReport, options: TableOptions, colors: Colors, vc: (v: string) => string): string[] {
  const lines: string[] = [];
  const e = fileReport.elf;
  const a = fileReport.analysis;
  const elfFacts = e ? `${e.kind}, ${e.machine} ${e.class}-bit${e.endian === "big" ? " BE" : ""}${e.libc !== "none" ? `, ${e.libc}` : ""}` : "unreadable ELF";
  const owner = fileReport.outsideOf
    ? printable(outsideFileText(fileReport.outsideOf))
    : fileReport.package
      ? printable(packageText(fileReport.package))
      : null;
  const facts = owner !== null ? `${elfFacts}; ${owner}` : elfFacts;
  const verdict = a ? vc(a.verdict) : fileReport.errors.length > 0 ? colors.red("unparseable") : "";
  lines.push(`  ${verdict ? `${verdict}  ` : ""}${printable(fileReport.path)}  ${colors.dim(facts)}`);
  if (fileReport.accepted) lines.push(colors.dim(`      not failing: ${acceptanceText(fileReport.accepted)}`));
  if (fileReport.paths.length > 1)
    lines.push(
      colors.dim(
        `      also at: ${fileReport.paths
          .filter((p) => p !== fileReport.path)
          .map(printable)
          .join(", ")}`,
      ),
    );
  for (const err of fileReport.errors) lines.push(`      ${colors.red(err.code)}: ${printable(elfErrorText(err.detail))}`);
  for (const w of fileReport.warnings) lines.push(colors.yellow(`      warning: ${fileWarningText(w)}`));
  if (a) {
    // A damaged file's errors are listed above, from the reader; its analysis repeats them as problems.
    for (const p of a.problems) if (p.code !== "damaged-elf") lines.push(`      ${problemText(p)}`);
    if (a.loadedBy.length > 0)
      lines.push(
        colors.dim(`      loaded by: ${a.loadedBy.slice(0, 3).map(printable).join(", ")}${a.loadedBy.length > 3 ? ` and ${a.loadedBy.length - 3} more` : ""}`),
      );
    for (const edge of a.edges) {
      const bad = isMissing(edge.status) || edge.status === "fatal-candidate" || edge.labels.includes("cpu-dependent");
      if (!bad && !options.verbose) continue;
      lines.push(`      ${edgeLine(edge, colors)}`);
      if (bad) for (const t of edge.tried) lines.push(colors.dim(`          tried ${printable(triedText(t))}`));
    }
  }
  if (options.verbose && e) {
    if (e.interpreter) lines.push(colors.dim(`      interpreter: ${printable(e.interpreter)}`));
    if (e.needed.length > 0) lines.push(colors.dim(`      needed: ${e.needed.map(printable).join(", ")}`));
    if (e.rpath !== null) lines.push(colors.dim(`      rpath: ${printable(e.rpath)}`));
    if (e.runpath !== null) lines.push(colors.dim(`      runpath: ${printable(e.runpath)}`));
    if (e.soname !== null) lines.push(colors.dim(`      soname: ${printable(e.soname)}`));
    for (const v of e.versionNeeds) lines.push(colors.dim(`      versions from ${printable(v.file)}: ${v.versions.map((x) => x.name).join(" ")}`));
    if (e.trailingPayload)
      lines.push(colors.dim(`      trailing payload: ${e.trailingPayload.size} bytes at ${e.trailingPayload.offset} (patchelf would break it)`));
  }
  return lines;
}

function edgeLine(edge: Edge, colors: Colors): string {
  const where = edge.path ? ` ${printable(edge.path)}` : "";
  const how = edge.via ? ` via ${edge.via}` : "";
  const labels = edge.labels.length > 0 ? colors.dim(` [${edge.labels.join(", ")}]`) : "";
  const status =
    edge.status === "missing" || edge.status === "fatal-candidate"
      ? colors.red(edge.status)
      : edge.status === "resolvable-via-system"
        ? colors.yellow(edge.status)
        : edge.status;
  return `${printable(edge.name)} <- ${printable(edge.requester)}: ${status}${how}${where}${edge.note ? ` (${edgeNoteText(edge.note)})` : ""}${labels}`;
}

function missingSummary(report: ScanReport): { name: string; count: number; host: string | null }[] {
  const m = new Map<string, { files: Set<string>; host: string | null }>();
  for (const f of report.files) {
    if (!f.analysis || !isFinding(f)) continue;
    for (const e of f.analysis.edges) {
      if (!isMissing(e.status)) continue;
      const x = m.get(e.name) ?? { files: new Set<string>(), host: null };
      x.files.add(f.path);
      if (e.status === "resolvable-via-system") x.host = e.path;
      m.set(e.name, x);
    }
  }
  return [...m].map(([name, x]) => ({ name, count: x.files.size, host: x.host })).sort((a, b) => b.count - a.count || compare(a.name, b.name));
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

/** "What to add": one line per attribute, then drivers, then what has no package. */
function mappingLines(mapping: Mapping, colors: Colors): string[] {
  const out: string[] = [];
  if (mapping.packages.length > 0) {
    out.push(colors.bold(`Add from nixpkgs ${mapping.release}`));
    for (const p of mapping.packages) {
      const brief = p.confidence === "table" && p.evidence !== null ? evidenceBrief(p.evidence) : null;
      const conf = p.confidence !== "table" ? colors.dim(` [${p.confidence}]`) : brief !== null ? colors.dim(` [${brief}]`) : "";
      out.push(`  ${colors.green(p.attr)}  ${p.sonames.join(", ")}  ${colors.dim(`(${count(p.files.length, "file")})`)}${conf}`);
      for (const w of p.warnings) out.push(colors.yellow(`      warning: ${mappingWarningText(w)}`));
    }
    out.push("");
  }
  if (mapping.drivers.length > 0) {
    out.push(colors.bold("GPU driver libraries"));
    out.push(`  ${mapping.drivers.map((d) => d.soname).join(", ")}`);
    out.push(colors.dim(`      ${DRIVER_ADVICE}`));
    out.push("");
  }
  if (mapping.unmapped.length > 0) {
    out.push(colors.bold("No nixpkgs attribute known"));
    for (const u of mapping.unmapped) {
      out.push(`  ${colors.red(u.soname)}  ${colors.dim(`(${count(u.files.length, "file")})`)}`);
      if (u.replacement) out.push(`      ${u.replacement}`);
      out.push(colors.dim(`      ${unmappedText(u.why)}`));
    }
    out.push("");
  }
  for (const n of mapping.notes) out.push(colors.dim(`note: ${mappingNoteText(n)}`));
  if (mapping.notes.length > 0) out.push("");
  return out;
}

/** What was judged and why that release (the warnings about it went to stderr). */
function targetLines(report: ScanReport, colors: Colors): string[] {
  return report.target ? [colors.dim(`Judged against ${targetText(report.target)}`)] : [];
}

function summaryLine(report: ScanReport, colors: Colors): string {
  const s = report.summary;
  const total = findingCount(report);
  const open = report.packageIssues.filter((p) => p.accepted === undefined);
  const packages = new Set(open.map((p) => p.package.dir)).size;
  const findings = total - report.problems.length - open.length; // files and scripts: the problems and packages have their own lines
  const accepted =
    report.files.filter((f) => f.accepted !== undefined).length +
    report.scripts.filter((s) => s.accepted !== undefined).length +
    report.packageIssues.filter((p) => p.accepted !== undefined).length;
  const filesPart = findings === 1 ? "1 file will not run on NixOS as it is" : `${findings} files will not run on NixOS as they are`;
  const packagesPart = packages === 1 ? "1 npm package lacks its binary" : `${packages} npm packages lack their binary`;
  const head =
    total === 0 ? colors.green("nothing to fix") : colors.red(packages === 0 ? filesPart : findings === 0 ? packagesPart : `${filesPart}, ${packagesPart}`);
  const outside = report.notChecked.length;
  const notLooked = outside === 0 ? "" : ` (${outside} npm package${outside === 1 ? " keeps its" : "s keep their"} binaries outside the tree: not looked at)`;
  const target = report.options.system ? ` for ${report.options.system}` : "";
  return `${head}${target}${accepted > 0 ? ` (${accepted} accepted)` : ""}${notLooked}: ${s.elfFiles} ELF files among ${s.regularFiles} files (${s.sniffed} opened, ${s.skippedByName} skipped by name${s.hardLinkedPaths ? `, ${count(s.hardLinkedPaths, "hard-linked path")} merged` : ""})`;
}

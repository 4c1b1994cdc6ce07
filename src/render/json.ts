// The --json renderer: one document, stable order (files sorted by path), two-space indent. The
// report's problems and warnings are codes with facts; each also gets its words as "message" here,
// and "findings" adds what fails the run, coded, with its words. jsonChunks() gives the same text in
// pieces (a top-level array a few elements at a time), so a large report is written as it is rendered
// instead of being held whole, twice (string and write buffer).
import { packageState } from "../model/package-state.js";
import type { FileReport, ScanReport } from "../model/report.js";
import { listFindings } from "./findings.js";
import { elfErrorText, fileWarningText, packageSummaryFixText, scanProblemText, versionVerdictText } from "./words/index.js";

/** A file with words beside its codes; files with neither errors nor warnings are written as they are. */
function withWords(file: FileReport): object {
  if (file.errors.length === 0 && file.warnings.length === 0) return file;
  return {
    ...file,
    errors: file.errors.map((e) => ({ ...e, message: elfErrorText(e.detail) })),
    warnings: file.warnings.map((w) => ({ ...w, message: fileWarningText(w) })),
  };
}

export function renderJson(report: ScanReport): string {
  let text = "";
  for (const chunk of jsonChunks(report)) text += chunk;
  return text;
}

// What JSON.stringify({ v: x }, null, 2) prints around x when x is a value, and when x is a non-empty array.
const DEPTH1_OPEN = '{\n  "v": ';
const DEPTH1_CLOSE = "\n}";
const DEPTH2_OPEN = '{\n  "v": [\n    ';
const DEPTH2_CLOSE = "\n  ]\n}";

/** `value` as JSON.stringify(value, null, 2) prints it one level deep (as a property of the document). */
function atDepth1(value: unknown): string {
  // JSON.stringify indents it: print it inside a one-key object and cut the wrapper off.
  const s = JSON.stringify({ v: value }, null, 2);
  return s.slice(DEPTH1_OPEN.length, s.length - DEPTH1_CLOSE.length);
}

/** Elements of a top-level array, as JSON.stringify prints them two levels deep, joined by ",\n    ". */
function elementsAtDepth2(items: readonly unknown[]): string {
  const s = JSON.stringify({ v: items }, null, 2);
  return s.slice(DEPTH2_OPEN.length, s.length - DEPTH2_CLOSE.length);
}

/** Elements of a top-level array rendered per piece. */
const BATCH = 64;

/** The text of renderJson(), in pieces whose concatenation is exactly that text. */
export function* jsonChunks(report: ScanReport): Generator<string> {
  const { mapping, ...rest } = report;
  // The target right after the options: what was judged comes before the judgements.
  const head = {
    schemaVersion: rest.schemaVersion,
    tool: rest.tool,
    roots: rest.roots,
    options: rest.options,
    ...(rest.target ? { target: rest.target } : {}),
  };
  const files = rest.files.map(withWords);
  const problems = rest.problems.map((p) => ({ ...p, message: scanProblemText(p.detail) }));
  // The per-package section with its state and fix in words, as the table prints them.
  const packages = rest.packages.map((s) => {
    const state = packageState(report, s);
    return { ...s, state, fixText: packageSummaryFixText(s, state), versionTexts: s.versions.map(versionVerdictText) };
  });
  const doc: Record<string, unknown> = {
    ...head,
    ...rest,
    files,
    problems,
    packages,
    findings: listFindings(report),
    ...(mapping !== undefined ? { mapping } : {}),
  };
  // JSON.stringify leaves out properties whose value is undefined or a function (none are expected).
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined && typeof doc[k] !== "function");
  if (keys.length === 0) {
    yield "{}\n";
    return;
  }
  yield "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = doc[key];
    yield `${i === 0 ? "" : ","}\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      for (let j = 0; j < value.length; j += BATCH) yield `${j === 0 ? "[" : ","}\n    ${elementsAtDepth2(value.slice(j, j + BATCH))}`;
      yield "\n  ]";
    } else yield atDepth1(value);
  }
  yield "\n}\n";
}

// The --json renderer: one document, stable order (files sorted by path), two-space indent. The
// report's problems and warnings are codes with facts; each also gets its words as "message" here,
// and "findings" adds what fails the run, coded, with its words. jsonChunks() gives the same text in
// pieces (an array an element at a time, see pieces()), so a large report is written as it is rendered
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

/**
 * `value` as JSON.stringify(value, null, 2) prints it `depth` levels deep: wrapped in `depth` arrays,
 * printed, and the wrappers cut off (each opens with "[\n" and an indent of 2k spaces at level k, and
 * closes with "\n", the indent of the level outside it, "]").
 */
function atDepth(value: unknown, depth: number): string {
  let wrapped = value;
  for (let k = 0; k < depth; k++) wrapped = [wrapped];
  const s = JSON.stringify(wrapped, null, 2);
  const open = depth * (depth + 3); // sum over k = 1..depth of 2 + 2k
  const close = depth * (depth + 1); // sum over k = 0..depth-1 of 2 + 2k
  return s.slice(open, s.length - close);
}

/**
 * Objects are printed a property at a time down to this depth (the document, and sections such as
 * "mapping"); array elements are printed whole. No piece is then larger than one element (a file's
 * record, a few KiB): V8 puts strings of more than 128 KiB in its large-object space, which only a full
 * collection frees, and printing "mapping" (~380 KB) or 64 files at a time (~280 KB) grew the heap by
 * ~6 MB during the output of `--json /usr/lib`.
 */
const OBJECT_DEPTH = 2;

/** JSON.stringify(value, null, 2) for a value `depth` levels deep, in pieces. */
function* pieces(value: unknown, depth: number): Generator<string> {
  const inner = `\n${"  ".repeat(depth + 1)}`;
  if (Array.isArray(value) && value.length > 0) {
    for (let i = 0; i < value.length; i++) yield `${i === 0 ? "[" : ","}${inner}${atDepth(value[i], depth + 1)}`;
    yield `\n${"  ".repeat(depth)}]`;
    return;
  }
  if (depth < OBJECT_DEPTH && isPlainObject(value)) {
    // JSON.stringify leaves out properties whose value is undefined, a function or a symbol.
    const keys = Object.keys(value).filter((k) => {
      const t = typeof value[k];
      return t !== "undefined" && t !== "function" && t !== "symbol";
    });
    if (keys.length > 0) {
      for (let i = 0; i < keys.length; i++) {
        yield `${i === 0 ? "{" : ","}${inner}${JSON.stringify(keys[i])}: `;
        yield* pieces(value[keys[i]!], depth + 1);
      }
      yield `\n${"  ".repeat(depth)}}`;
      return;
    }
  }
  yield atDepth(value, depth);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

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
  yield* pieces(doc, 0);
  yield "\n";
}

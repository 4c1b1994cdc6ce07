// The --json renderer: one document, stable order (files sorted by path), two-space indent. The
// report's problems are codes with facts; "findings" adds what fails the run, coded, with its words.
// jsonChunks() gives the same text in pieces (a top-level array one element at a time), so a large
// report is written as it is rendered instead of being held whole, twice (string and write buffer).
import type { ScanReport } from "../model/report.js";
import { listFindings } from "./findings.js";

export function renderJson(report: ScanReport): string {
  let text = "";
  for (const chunk of jsonChunks(report)) text += chunk;
  return text;
}

/** `value` as JSON.stringify(value, null, 2) would print it `depth` levels deep. */
function nested(value: unknown, depth: number): string {
  const s = JSON.stringify(value, null, 2) ?? "null";
  // A newline only occurs between tokens (one inside a string is escaped), so this indents lines only.
  return depth === 0 ? s : s.replace(/\n/g, `\n${"  ".repeat(depth)}`);
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
  const doc: Record<string, unknown> = { ...head, ...rest, findings: listFindings(report), ...(mapping !== undefined ? { mapping } : {}) };
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
      for (let j = 0; j < value.length; j++) yield `${j === 0 ? "[" : ","}\n    ${nested(value[j], 2)}`;
      yield "\n  ]";
    } else yield nested(value, 1);
  }
  yield "\n}\n";
}

// The mapped sonames of the two Debian sets never used to add rows (the third and fourth fresh sets of
// test/nixpkgs/debian-coverage.test.ts), held to an audit made outside the table
// (test/nixpkgs/fresh-audit.tsv: who ships each soname in Debian, which upstream project, and whether
// nixpkgs' attribute is that project at a release installing that soname). Only the sets' mapped sonames
// are read: their unmapped ones stay unseen. A mapped soname without an audit line fails, as does one
// whose attribute changed: each must be audited (again) before the row that maps it lands.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Mapping } from "../../src/nixpkgs/types.js";
import { FRESH_3, FRESH_4, unpackDebs } from "../support/debian-tree.js";
import { runCli } from "../support/run-cli.js";

const AUDIT = new URL("./fresh-audit.tsv", import.meta.url);
const COLUMNS = ["set", "soname", "attr", "debian_package", "source", "version", "homepage", "verdict", "reason"];
const VERDICTS = ["same", "wrong", "unsure"] as const;
type Verdict = (typeof VERDICTS)[number];
const REAUDIT = "audit it again: node test/scripts/fresh-audit.mjs --report NAME=REPORT.json... --audit test/nixpkgs/fresh-audit.tsv (see the file's header)";

interface AuditLine {
  set: string;
  soname: string;
  attr: string;
  verdict: Verdict;
  reason: string;
}

/** The audit's lines (comments and the column header skipped), each checked for its columns. */
function auditLines(): AuditLine[] {
  const out: AuditLine[] = [];
  const lines = readFileSync(AUDIT, "utf8").split("\n");
  const header = lines.find((l) => l !== "" && !l.startsWith("#"));
  expect(header?.split("\t")).toEqual(COLUMNS);
  for (const line of lines) {
    if (line === "" || line.startsWith("#") || line === header) continue;
    const c = line.split("\t");
    expect(c.length, line).toBe(COLUMNS.length);
    expect(VERDICTS, line).toContain(c[7]);
    expect(c[8]?.trim(), `${line}: a verdict needs its reason`).not.toMatch(/^-?$/);
    out.push({ set: c[0]!, soname: c[1]!, attr: c[2]!, verdict: c[7] as Verdict, reason: c[8]! });
  }
  return out;
}

/** soname -> attribute for what the CLI maps in a tree (a GPU driver's attribute is "(driver)"); never its unmapped sonames. */
function mapped(tree: string): Map<string, string> {
  const r = runCli(["--json", "--no-host-pass", "--no-nix-locate", "--nixpkgs", "26.05", tree]);
  const m = (JSON.parse(r.stdout) as { mapping: Mapping }).mapping;
  const out = new Map<string, string>();
  for (const p of m.packages) for (const s of p.sonames) out.set(s, p.attr);
  for (const d of m.drivers) out.set(d.soname, "(driver)");
  return out;
}

/** The two Debian sets never used to add rows. */
const SETS = [FRESH_3, FRESH_4];

describe("the audit of the fresh sets' mapped sonames", () => {
  const audit = auditLines();

  it("has one line a set and soname, for the two fresh sets only", () => {
    const keys = audit.map((l) => `${l.set}\t${l.soname}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(audit.map((l) => l.set))).toEqual(new Set(SETS.map((s) => s.name)));
  });

  it.each(SETS)("$name: every audited soname it maps keeps its audited attribute, and none maps on a `wrong` verdict", (set) => {
    const { name } = set;
    unpackDebs(set);
    const now = mapped(set.tree);
    const lines = audit.filter((l) => l.set === name);
    const changed = lines
      .filter((l) => now.has(l.soname) && now.get(l.soname) !== l.attr)
      .map((l) => `${l.soname}: audited ${l.attr}, now ${now.get(l.soname)}`);
    expect(changed, REAUDIT).toEqual([]);
    const wrong = lines.filter((l) => l.verdict === "wrong" && now.get(l.soname) === l.attr).map((l) => `${l.soname} -> ${l.attr}: ${l.reason}`);
    expect(wrong, "an audited wrong mapping stands: fix its row in src/nixpkgs/sonames.json").toEqual([]);

    const current = lines.filter((l) => now.has(l.soname));
    const per = VERDICTS.map((v) => `${v} ${current.filter((l) => l.verdict === v).length}`).join(", ");
    const unaudited = [...now.keys()].filter((s) => !lines.some((l) => l.soname === s));
    console.log(
      `fresh audit, ${name}: ${now.size} mapped sonames, ${current.length} audited (${per}), ${unaudited.length} not audited; ` +
        `${lines.length - current.length} audit lines no longer mapped (${
          lines
            .filter((l) => !now.has(l.soname))
            .map((l) => `${l.soname}: ${l.verdict}`)
            .join(", ") || "none"
        })`,
    );
    expect(current.length).toBeGreaterThan(0);
    // Every soname the set maps is audited: a row that maps a new one (its name is a mapped soname,
    // printed here; the set's unmapped ones stay unseen) needs its audit line before it lands.
    expect(unaudited, REAUDIT).toEqual([]);
  });
});

// Architecture rules, checked over the import graph of src/ (static imports, re-exports and dynamic
// imports; a .json module is data and imports nothing), direct and transitive:
// - model/ (the report's data and pure helpers) imports nothing of ours outside model/;
// - no cycle between folders, and no cycle between files;
// - only io/ touches the filesystem, processes or the environment: the core folders (model, elf,
//   loader, nixpkgs, render, config) never reach io/ or node:fs/node:child_process, even through
//   another module; only the edges (cli/, and index.ts for its defaults) read process;
// - nothing but cli/ prints.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = new URL("../src/", import.meta.url).pathname;
const CORE = ["model", "elf", "loader", "nixpkgs", "render", "config"];
const SYSTEM_MODULES = /^(node:)?(fs|fs\/promises|child_process|worker_threads|net|os)$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") || d.name.endsWith(".json") ? [join(dir, d.name)] : [],
  );
}

interface Module {
  rel: string;
  folder: string;
  text: string;
  /** Our modules it imports (relative paths under src/). */
  imports: string[];
  /** Data files it imports (relative paths under src/, e.g. nixpkgs/sonames.json). */
  data: string[];
  /** Other specifiers (node: builtins, packages). */
  external: string[];
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g;

function load(): Map<string, Module> {
  const out = new Map<string, Module>();
  for (const f of files(SRC)) {
    const rel = relative(SRC, f);
    const text = readFileSync(f, "utf8");
    const imports: string[] = [];
    const data: string[] = [];
    const external: string[] = [];
    // A JSON file is data (imported with { type: "json" }): it imports nothing.
    if (f.endsWith(".json")) {
      out.set(rel, { rel, folder: rel.split("/")[0]!, text: "", imports, data, external });
      continue;
    }
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.endsWith(".json")) data.push(normalize(join(dirname(rel), spec)));
      else if (spec.startsWith(".")) imports.push(normalize(join(dirname(rel), spec)).replace(/\.js$/, ".ts"));
      else external.push(spec);
    }
    out.set(rel, { rel, folder: rel.includes("/") ? rel.split("/")[0]! : rel.replace(/\.ts$/, ""), text, imports, data, external });
  }
  return out;
}

/** A cycle in a graph, as a path, or null. */
function findCycle(nodes: Iterable<string>, edges: (n: string) => Iterable<string>): string[] | null {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 1);
    stack.push(n);
    for (const m of edges(n)) {
      if (state.get(m) === 1) return [...stack.slice(stack.indexOf(m)), m];
      if (state.get(m) === undefined) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of nodes) {
    if (state.get(n) === undefined) {
      const c = visit(n);
      if (c) return c;
    }
  }
  return null;
}

/** Every module reachable from `start`, with the path that reaches it. */
function reach(mods: Map<string, Module>, start: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const m of mods.get(n)?.imports ?? []) {
      if (seen.has(m)) continue;
      seen.set(m, [...seen.get(n)!, m]);
      queue.push(m);
    }
  }
  return seen;
}

describe("module boundaries", () => {
  const mods = load();
  const all = [...mods.values()];

  it("finds the sources and resolves every relative import", () => {
    expect(all.length).toBeGreaterThan(40);
    for (const m of all) for (const i of m.imports) expect(mods.has(i), `${m.rel} imports ${i}`).toBe(true);
  });

  it("imports data only from its own folder, as JSON the bundler inlines", () => {
    const data = all.flatMap((m) => m.data.map((d) => [m.rel, d] as const));
    expect(data.length).toBeGreaterThan(0);
    for (const [rel, d] of data) {
      expect(dirname(d), `${rel} imports ${d}`).toBe(dirname(rel));
      expect(statSync(join(SRC, d)).isFile(), `${rel} imports ${d}`).toBe(true);
    }
  });

  it("model/ imports nothing of ours outside model/, and nothing from the system", () => {
    for (const m of all.filter((x) => x.folder === "model")) {
      expect(
        m.imports.filter((i) => !i.startsWith("model/")),
        m.rel,
      ).toEqual([]);
      expect(m.external, m.rel).toEqual([]);
    }
  });

  it("no cycle between folders", () => {
    const folders = new Set(all.map((m) => m.folder));
    const edges = (f: string) => new Set(all.filter((m) => m.folder === f).flatMap((m) => m.imports.map((i) => mods.get(i)!.folder).filter((g) => g !== f)));
    expect(findCycle(folders, edges)).toBeNull();
  });

  it("no cycle between files", () => {
    expect(findCycle(mods.keys(), (n) => mods.get(n)!.imports)).toBeNull();
  });

  it("the core folders never reach io/ or the system, directly or through another module", () => {
    for (const m of all.filter((x) => CORE.includes(x.folder))) {
      for (const [target, path] of reach(mods, m.rel)) {
        expect(target.startsWith("io/"), `${path.join(" -> ")}`).toBe(false);
        const sys = mods.get(target)!.external.filter((e) => SYSTEM_MODULES.test(e));
        expect(sys, `${path.join(" -> ")} imports ${sys.join(", ")}`).toEqual([]);
      }
    }
  });

  for (const m of all) {
    it(`${m.rel}: only io/, cli/ and the edges touch the system; only cli/ prints`, () => {
      const inIo = m.folder === "io";
      const inCli = m.folder === "cli";
      if (!inIo && !inCli && m.folder !== "index") expect(m.external.filter((e) => SYSTEM_MODULES.test(e))).toEqual([]);
      if (!inCli) expect(m.text).not.toMatch(/\bconsole\./);
      if (!inCli && m.rel !== "index.ts") expect(m.text).not.toMatch(/\bprocess\.(exit|stdout|stderr|argv|env|cwd|arch|chdir)\b/);
    });
  }

  // Words for findings, problems, warnings and notes are made in one folder, src/render/words/: the
  // layers that produce report data build codes and facts, never sentences. Errors that stop the run
  // (exit 2) are still phrased where they are raised, and release evidence is data that happens to be
  // prose. A string literal or template of four or more words is a sentence.
  it("the data layers build no sentences outside thrown errors (words live in render/words/)", () => {
    const DATA_LAYERS = new Set(["model", "elf", "loader", "nixpkgs", "scan", "config", "io", "pipeline"]);
    /** Prose that is data: where a release fact was read, and the table of release names with remarks. */
    const EVIDENCE = new Set(["loader/release-facts.ts", "nixpkgs/release-data.ts"]);
    /** Builds the pieces of the config errors it throws (why, what to do) before throwing them: exit 2. */
    EVIDENCE.add("io/config-file.ts");
    const found: string[] = [];
    for (const m of all) {
      if (!DATA_LAYERS.has(m.folder) || EVIDENCE.has(m.rel)) continue;
      const sf = ts.createSourceFile(m.rel, m.text, ts.ScriptTarget.Latest, true);
      const visit = (n: ts.Node): void => {
        let text: string | null = null;
        if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text = n.text;
        else if (ts.isTemplateExpression(n)) text = n.head.text + n.templateSpans.map((span) => ` X ${span.literal.text}`).join("");
        if (text === null) {
          ts.forEachChild(n, visit);
          return;
        }
        if (text.split(/\s+/).filter((w) => /^[a-z][a-z',;:()-]*$/i.test(w)).length < 4) return;
        // Inside `throw ...` or `new SomeError(...)`, or a helper whose result is thrown (config validation).
        for (let p: ts.Node | undefined = n.parent, depth = 0; p && depth < 6; p = p.parent, depth++) {
          if (ts.isThrowStatement(p) || ts.isNewExpression(p)) return;
          if (ts.isCallExpression(p) && /^(invalid|fail|usage)/i.test(p.expression.getText(sf))) return;
        }
        found.push(`${m.rel}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${text.slice(0, 80)}`);
      };
      visit(sf);
    }
    expect(found).toEqual([]);
  });
});

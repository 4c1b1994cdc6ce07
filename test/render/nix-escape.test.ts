// The escaping layer against the real evaluator: random hostile strings through every builder must
// evaluate back to the exact original (one nix-instantiate call per property, all strings batched).
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { knownAttrs } from "../../src/nixpkgs/attrs.js";
import {
  attrName,
  attrPath,
  comment,
  derivationName,
  NixEscapeError,
  nix,
  nixIndented,
  nixString,
  nixStringParts,
  type StrPart,
  shellQuote,
  shown,
} from "../../src/render/nix/escape.js";
import { ignorePattern } from "../../src/render/nix/patchelf.js";
import { NIX_INSTANTIATE, NixSandbox, requireNix, standInPkgs } from "../support/nix-eval.js";

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '"',
  "${",
  "$",
  "{",
  "}",
  "''",
  "'",
  "'''",
  "\\",
  "\n",
  "\t",
  "\r",
  " ",
  "  ",
  "\n  ",
  "$$",
  "''$",
  "''\\",
  "a",
  "Z",
  "é",
  "😀",
  "中",
  "\u0001",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u202e",
  "\u2028",
  "\ufeff",
  '${builtins.abort "x"}',
  "x'y",
  "-",
  ".",
];

function randomStrings(n: number, seed: number): string[] {
  const next = rng(seed);
  const fixed = [
    "",
    "'",
    "''",
    "'''",
    "$",
    "${",
    "$${",
    "\\${",
    "a'",
    "' ",
    "\n",
    " ",
    "   ",
    " x",
    "x\n",
    "\n\n",
    "  \n  a\n",
    "'${x}'",
    "''${",
    "$\n",
    "\r\n",
  ];
  const out = [...fixed];
  for (let i = 0; i < n; i++) {
    let s = "";
    const len = Math.floor(next() * 14);
    for (let j = 0; j < len; j++) s += PIECES[Math.floor(next() * PIECES.length)]!;
    out.push(s);
  }
  return out;
}

const STRINGS = randomStrings(1500, 42);
const run = NIX_INSTANTIATE !== null || process.env.CI ? describe : describe.skip;

run("Nix escaping, checked by nix-instantiate", () => {
  let nixbox: NixSandbox;
  beforeAll(() => {
    requireNix();
    nixbox = new NixSandbox();
  });

  const evalList = (name: string, items: readonly string[]): unknown => {
    const file = nixbox.write(name, `[\n${items.map((e) => `  (${e})`).join("\n")}\n]\n`);
    const r = nixbox.evalJson(file);
    if (!r.ok) throw new Error(r.stderr);
    return r.value;
  };

  it("double-quoted strings evaluate to the original", () => {
    expect(evalList("dq.nix", STRINGS.map(nixString))).toEqual(STRINGS);
  });

  it("double-quoted strings with interpolations next to every character", () => {
    const parts = STRINGS.map((s): StrPart[] => [s, { interp: nix('"I"') }, s, { interp: nix("toString 7") }]);
    expect(evalList("dq-parts.nix", parts.map(nixStringParts))).toEqual(STRINGS.map((s) => `${s}I${s}7`));
  });

  it("indented strings evaluate to the original at any indentation, with and without interpolations", () => {
    const exprs = STRINGS.flatMap((s) => [
      nixIndented([s], ""),
      nixIndented([s], "      "),
      nixIndented([s, { interp: nix('"I"') }, s], "  "),
      nixIndented(["line one\n  two\n", s, "\n"], "    "),
    ]);
    expect(evalList("ind.nix", exprs)).toEqual(STRINGS.flatMap((s) => [s, s, `${s}I${s}`, `line one\n  two\n${s}\n`]));
  });

  it("attribute names round-trip through attrNames", () => {
    const names = [...new Set([...STRINGS, "if", "or", "inherit", "let", "__curPos", "a-b", "a'b", "_x", "1a", "true"])];
    const exprs = names.map((n) => `builtins.head (builtins.attrNames { ${attrName(n)} = 1; })`);
    expect(evalList("attrs.nix", exprs)).toEqual(names);
  });

  it("every attribute path of the mapping table is printable and resolves in the stand-in pkgs", () => {
    const attrs = [...knownAttrs("26.05"), ...knownAttrs("25.05")];
    nixbox.write("stand-in.nix", standInPkgs(attrs));
    const file = nixbox.write("paths.nix", `let pkgs = import ./stand-in.nix; in [\n${attrs.map((a) => `  pkgs.${attrPath(a)}.outPath`).join("\n")}\n]\n`);
    const r = nixbox.evalJson(file);
    expect(r.ok ? (r.value as string[]).length : r.stderr).toBe(attrs.length);
  });

  it("shell words inside an indented string reach bash unchanged (both layers)", () => {
    const words = STRINGS.filter((s) => !s.includes("\u0000"));
    const script = nixIndented(["printf '%s\\0'", ...words.flatMap((w) => [" ", shellQuote(w)]), "\n"], "  ");
    const text = evalList("shell.nix", [script]) as string[];
    const out = spawnSync("bash", ["--norc", "--noprofile", "-c", text[0]!], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(out.status).toBe(0);
    expect(out.stdout.split("\0").slice(0, -1)).toEqual(words);
  });

  it("derivation names are accepted by Nix", () => {
    const names = [...STRINGS, ".hidden", "..", "x".repeat(300), "é😀", " ", "---"].map((s) => derivationName(s));
    for (const n of names) {
      expect(n).toMatch(/^[A-Za-z0-9+_?=-][A-Za-z0-9+._?=-]*$/);
      expect(n.length).toBeLessThanOrEqual(207);
    }
    const exprs = names.map((n) => `(derivation { name = ${nixString(n)}; system = "x"; builder = "/bin/sh"; }).name`);
    expect(evalList("drv.nix", exprs)).toEqual(names);
  });

  it("comments never end early: each list element keeps its place", () => {
    const items = STRINGS.map((s, i) => `${comment([s, `${shown(s)} ${s}`], "  ")}\n  ${i}`);
    const file = nixbox.write("comments.nix", `[\n${items.join("\n")}\n]\n`);
    const r = nixbox.evalJson(file);
    expect(r.ok ? r.value : r.stderr).toEqual(STRINGS.map((_, i) => i));
  });
});

describe("Nix escaping without the evaluator", () => {
  it("rejects what Nix strings cannot hold", () => {
    for (const bad of ["a\u0000b", "x\ud800y", "\udfff"]) {
      expect(() => nixString(bad)).toThrow(NixEscapeError);
      expect(() => nixIndented([bad], "")).toThrow(NixEscapeError);
      expect(() => shellQuote(bad)).toThrow(NixEscapeError);
    }
  });

  it("accepts only identifier attribute paths", () => {
    for (const good of ["zlib", "stdenv.cc.cc", "xorg.libX11", "libxcb-cursor", "llvmPackages_18.libllvm", "gst_all_1.gstreamer", "a'b"])
      expect(attrPath(good)).toBe(good);
    for (const bad of ["", "a..b", "1a", "a b", "if", "a.or", "a.${x}", 'a"b', ".a", "a.", "zlib;abort", "a/b"])
      expect(() => attrPath(bad)).toThrow(NixEscapeError);
  });

  it("keeps printable output: no raw control or bidi characters in any builder's code", () => {
    for (const s of STRINGS) {
      const invisible = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029\ufeff]/;
      expect(nixString(s)).not.toMatch(invisible);
      expect(nixIndented([s], "")).not.toMatch(invisible);
      expect(comment(s)).not.toMatch(/[\n\r]|[\u0000-\u0008\u000b-\u001f]/);
    }
  });

  it("ignore patterns keep every character or replace it with ?", () => {
    for (const s of STRINGS) {
      const p = [...ignorePattern(s)];
      const o = [...s];
      expect(p.length).toBe(o.length);
      for (const [i, c] of p.entries()) expect(c === o[i] || c === "?").toBe(true);
      expect(ignorePattern(s)).not.toMatch(/[ *[\]]|^-/);
    }
  });
});

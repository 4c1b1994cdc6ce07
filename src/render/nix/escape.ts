// The one escaping layer for generated Nix: string literals, indented strings, attribute names and
// paths, shell words inside scripts, derivation names and comments. Untrusted text reaches Nix only here.

declare const brand: unique symbol;
/** A piece of Nix code built by this module (or declared trusted with `nix`). */
export type Nix = string & { readonly [brand]: "nix" };

/** Text that cannot be represented in Nix (NUL, unpaired UTF-16 surrogates) or is not a valid attribute path. */
export class NixEscapeError extends Error {
  constructor(
    message: string,
    readonly value: string,
  ) {
    super(message);
    this.name = "NixEscapeError";
  }
}

/** Mark a constant written by the emitters themselves as Nix code (never pass scanned text here). */
export function nix(code: string): Nix {
  return code as Nix;
}

/** An interpolation `${code}` inside a string built by `nixString`/`nixIndented`. */
export interface Interp {
  interp: Nix;
}
export type StrPart = string | Interp;

/** Characters that would be invisible or reorder text (C0/C1 controls, bidi overrides, line separators). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it finds
const INVISIBLE = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

const LONE_SURROGATE = /[\ud800-\udfff]/u;

function check(s: string): void {
  if (s.includes("\u0000")) throw new NixEscapeError("Nix strings cannot hold a NUL byte", s);
  if (LONE_SURROGATE.test(s)) throw new NixEscapeError("not valid Unicode (an unpaired UTF-16 surrogate): it has no UTF-8 form", s);
}

/** Invisible characters as a `builtins.fromJSON` call: the file stays printable and the value exact. */
function invisibleInterp(run: string): Nix {
  return nix(`builtins.fromJSON ${nixString(`"${[...run].map(hex).join("")}"`)}`);
}

const hex = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

type Item = { ch: string } | Interp;

/** Split parts into code points and interpolations, turning runs of invisible characters into interpolations. */
function items(parts: readonly StrPart[]): Item[] {
  const out: Item[] = [];
  for (const p of parts) {
    if (typeof p !== "string") {
      out.push(p);
      continue;
    }
    check(p);
    let run = "";
    for (const ch of p) {
      if (INVISIBLE.test(ch)) {
        run += ch;
        continue;
      }
      if (run) out.push({ interp: invisibleInterp(run) });
      run = "";
      out.push({ ch });
    }
    if (run) out.push({ interp: invisibleInterp(run) });
  }
  return out;
}

const opensInterp = (it: Item | undefined): boolean => it !== undefined && ("interp" in it || it.ch === "{");

/** A double-quoted Nix string literal whose value is exactly `value`. */
export function nixString(value: string): Nix {
  return nixStringParts([value]);
}

/** A double-quoted Nix string from literal text and `${...}` interpolations. */
export function nixStringParts(parts: readonly StrPart[]): Nix {
  const its = items(parts);
  let out = '"';
  its.forEach((it, i) => {
    if ("interp" in it) out += `\${${it.interp}}`;
    else if (it.ch === '"' || it.ch === "\\") out += `\\${it.ch}`;
    else if (it.ch === "$") out += opensInterp(its[i + 1]) ? "\\$" : "$";
    else if (it.ch === "\n") out += "\\n";
    else if (it.ch === "\r") out += "\\r";
    else if (it.ch === "\t") out += "\\t";
    else out += it.ch;
  });
  return nix(`${out}"`);
}

/**
 * Which lines (split at "\n") need their first space escaped so that Nix's indentation stripping
 * removes exactly our indentation: lines holding nothing but spaces (Nix would drop or strip them),
 * and, when every other non-empty line starts with a space, the first of those (it pins the minimum).
 */
function pinnedLines(its: readonly Item[]): Set<number> {
  const lines: { first: Item | undefined; allSpaces: boolean }[] = [{ first: undefined, allSpaces: true }];
  for (const it of its) {
    const cur = lines[lines.length - 1]!;
    if ("ch" in it && it.ch === "\n") lines.push({ first: undefined, allSpaces: true });
    else {
      cur.first ??= it;
      if (!("ch" in it) || it.ch !== " ") cur.allSpaces = false;
    }
  }
  const pinned = new Set<number>();
  const startsWithSpace = (l: (typeof lines)[number]) => l.first !== undefined && "ch" in l.first && l.first.ch === " ";
  for (const [i, l] of lines.entries()) if (l.first !== undefined && l.allSpaces) pinned.add(i);
  const others = lines.map((l, i) => ({ l, i })).filter(({ l, i }) => l.first !== undefined && !pinned.has(i));
  if (others.length > 0 && others.every(({ l }) => startsWithSpace(l))) pinned.add(others[0]!.i);
  return pinned;
}

/**
 * A multi-line indented string (`''...''`) whose value is exactly the parts joined. Content lines are
 * indented by `indent` + two spaces and the closing `''` by `indent`, as nixfmt lays them out.
 * Escapes: `''` as `'''`, `$` before `{` as `''$`, tab and CR as `''\t`/`''\r`, a leading space as `''\ `
 * where Nix's indentation stripping would otherwise eat content, and a `'` that would merge with a
 * following `''` escape or the closing `''` as `''\'`.
 */
export function nixIndented(parts: readonly StrPart[], indent: string): Nix {
  const its = items(parts);
  const pinned = pinnedLines(its);
  const inner = `${indent}  `;
  const toks: { t: string; quote?: true }[] = [];
  let line = 0;
  let lineStart = true;
  for (let i = 0; i < its.length; i++) {
    const it = its[i]!;
    const next = its[i + 1];
    if ("interp" in it) {
      toks.push({ t: `\${${it.interp}}` });
      lineStart = false;
      continue;
    }
    const c = it.ch;
    if (c === "\n") {
      // No indentation on empty lines, nor after the last newline (the closing line has its own).
      toks.push({ t: next === undefined || ("ch" in next && next.ch === "\n") ? "\n" : `\n${inner}` });
      line++;
      lineStart = true;
      continue;
    }
    if (c === "'" && next !== undefined && "ch" in next && next.ch === "'") {
      toks.push({ t: "'''" });
      i++;
    } else if (c === "'") toks.push({ t: "'", quote: true });
    else if (c === "$") toks.push({ t: opensInterp(next) ? "''$" : "$" });
    else if (c === "\t") toks.push({ t: "''\\t" });
    else if (c === "\r") toks.push({ t: "''\\r" });
    else if (c === " " && lineStart && pinned.has(line)) toks.push({ t: "''\\ " });
    else toks.push({ t: c });
    lineStart = false;
  }
  const endsWithNewline = toks.at(-1)?.t === "\n";
  let body = "";
  toks.forEach((tok, i) => {
    const after = toks[i + 1];
    const merges = after === undefined ? !endsWithNewline : after.t.startsWith("'");
    body += tok.quote && merges ? "''\\'" : tok.t;
  });
  const first = toks[0]?.t.startsWith("\n") === true ? "" : inner;
  return nix(`''\n${first}${body}${endsWithNewline ? indent : ""}''`);
}

const KEYWORDS = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or", "__curPos"]);
const IDENT = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

/** True when `s` can be written bare as an attribute name or variable. */
export function isIdentifier(s: string): boolean {
  return IDENT.test(s) && !KEYWORDS.has(s);
}

/** An attribute name: bare when it is an identifier and not a keyword, else a quoted string. */
export function attrName(name: string): Nix {
  return isIdentifier(name) ? nix(name) : nixString(name);
}

/** A dotted attribute path from the mapping (`stdenv.cc.cc`, `xorg.libX11`); anything else is rejected. */
export function attrPath(path: string): Nix {
  if (!path.split(".").every(isIdentifier))
    throw new NixEscapeError(`not an attribute path: ${shown(path)} (each dot-separated part must be a Nix identifier)`, path);
  return nix(path);
}

/** A POSIX shell word with the value `word`: bare when it holds only safe characters, else single-quoted. */
export function shellQuote(word: string): string {
  check(word);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A derivation (store path) name: `[A-Za-z0-9+._?=-]`, not starting with a dot or dash, at most 207 characters. */
export function derivationName(s: string, fallback = "binary"): string {
  // Runs of other characters become one "-"; leading dots and dashes and trailing dashes go.
  const name = s
    .replace(/[^A-Za-z0-9+._?=-]+/g, "-")
    .replace(/^[.-]+/, "")
    .slice(0, 207)
    .replace(/-+$/, "");
  return name === "" ? fallback : name;
}

/** A character as itself, or as `\uXXXX` when it is invisible, NUL or an unpaired surrogate. */
function visible(c: string): string {
  return INVISIBLE.test(c) || c === "\u0000" || LONE_SURROGATE.test(c) ? hex(c) : c;
}

/** \n, \r and \t as escapes, other invisible characters as visible(): the comment-safe form of one character. */
function controlEscaped(c: string): string {
  return c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : visible(c);
}

/** A name or path as shown inside comments: plain when harmless, else quoted with visible escapes. */
export function shown(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters it finds
  const plain = s !== "" && s.trim() === s && !/[\n\r\t\\"\u0000]/.test(s) && !INVISIBLE.test(s) && !LONE_SURROGATE.test(s);
  if (plain) return s;
  let out = "";
  for (const c of s) out += c === '"' || c === "\\" ? `\\${c}` : controlEscaped(c);
  return `"${out}"`;
}

/** `#` comment lines at `indent`, one per element; newlines and other control characters inside an element are made visible. */
export function comment(lines: string | readonly string[], indent = ""): string {
  return (typeof lines === "string" ? [lines] : lines)
    .map((line) => {
      const safe = [...line].map(controlEscaped).join("");
      return `${indent}#${safe === "" ? "" : ` ${safe}`}`.trimEnd();
    })
    .join("\n");
}

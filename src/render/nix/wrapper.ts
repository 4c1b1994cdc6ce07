// --emit wrapper: per executable, a writeShellScriptBin that runs it through the store's dynamic loader
// with the library path (needs neither nix-ld nor nix-alien), and one that runs it through nix-alien.

import type { FileReport, ScanReport } from "../../model/report.js";
import type { Mapping } from "../../nixpkgs/types.js";
import { problemText } from "../words/index.js";
import {
  anchor,
  baseName,
  choiceNotes,
  DRIVER_LINK,
  type EmitOptions,
  findings,
  header,
  joinPath,
  type ListItem,
  list,
  NixEmitError,
  neededBy,
  pkgRef,
  type Scope,
  scope,
  unmappedNote,
} from "./common.js";
import { attrName, attrPath, comment, derivationName, nix, nixIndented, nixString, type StrPart, shellQuote, shown } from "./escape.js";

/** Verdicts a wrapper can help with (the rest are foreign, static, fine or unreadable). */
const WRAPPABLE = new Set(["needs-interpreter", "needs-libraries", "needs-newer-glibc", "cpu-dependent", "broken-on-any-system"]);

/** Characters nix-alien copies unescaped into the Nix file it generates (its runScript and name). */
// biome-ignore lint: control characters are the point here
const ALIEN_UNSAFE = /["\\$'`\u0000-\u001f\u007f]/;

/** The wrappers for a scan (all wrappable executables, or only `opts.binary`). */
export function emitWrapper(report: ScanReport, mapping: Mapping, opts: EmitOptions = {}): string {
  const s = scope(report, mapping);
  let exes = findings(s, "executable").filter((f) => WRAPPABLE.has(f.analysis!.verdict) && f.analysis!.interpreter?.status !== "musl");
  const wanted = opts.binary;
  if (wanted !== undefined) {
    const rel = anchor(wanted).rel;
    exes = exes.filter((f) => f.paths.includes(wanted) || f.paths.some((p) => anchor(p).rel === rel));
    if (exes.length === 0) throw new NixEmitError(`--binary ${shown(wanted)}: not an executable of this scan that needs a wrapper (see the table output)`);
  }
  const used = new Set<string>();
  const blocks: string[] = [];
  let relative = false;
  let alien = false;
  for (const f of exes) {
    const name = unique(derivationName(baseName(f.path)), used);
    const prog = program(f.path, opts.baseDir);
    relative ||= prog.parts.length > 1;
    blocks.push(loaderVariant(s, f, name, prog.parts));
    const a = alienVariant(s, f, name, prog);
    alien ||= a.emitted;
    blocks.push(a.code);
  }
  const usage = [
    "Wrappers for the scanned executables; build one with: nix-build THIS-FILE -A NAME.",
    "NAME runs the program through the store's dynamic loader with its libraries, passing $0 as argv[0] and every",
    "argument (needs neither nix-ld nor nix-alien); /proc/self/exe is then the loader, which programs that read",
    "themselves (bun/deno/pkg single-file executables, Electron) do not expect.",
    "NAME-nix-alien runs it in nix-alien's FHS environment with the same packages (pass --arg nix-alien ...; it needs a",
    "nix-index database). --recreate makes nix-alien use them instead of an earlier cached choice, and -c picks them",
    "where nix-locate offers several packages; it can still ask when only other packages provide a library. nix-alien",
    "starts the program with the program's own path as argv[0], so $0 is not forwarded; the arguments are, exactly.",
    ...(relative ? ["Relative paths start at the directory holding this file: keep it where the scan ran."] : []),
  ];
  const args = alien
    ? `{\n  pkgs ? import <nixpkgs> { },\n  nix-alien ? throw ${nixString(`pass nix-alien, which is not in nixpkgs: --arg nix-alien '(builtins.getFlake "github:thiagokokada/nix-alien").packages.${mapping.system}.nix-alien'`)},\n}:`
    : "{ pkgs ? import <nixpkgs> { } }:";
  if (blocks.length === 0) return `${header(s, "wrappers", usage)}\n{ ... }:\n{\n${comment("No executable in this scan needs a wrapper.", "  ")}\n}\n`;
  const code = blocks.join("\n");
  const lets = [
    ...(code.includes("lib.") ? ["  inherit (pkgs) lib;"] : []),
    ...(relative ? ["  root = toString ./.;"] : []),
    `  loader = ${s.pkgs}.stdenv.cc.bintools.dynamicLinker;`,
  ];
  const body = `{\n${code}\n}`;
  return `${header(s, "wrappers", usage)}\n${args}\nlet\n${lets.join("\n")}\nin\n${body}\n`;
}

function unique(name: string, used: Set<string>): string {
  let n = name;
  for (let i = 2; used.has(n); i++) n = `${name.slice(0, 200)}-${i}`;
  used.add(n);
  return n;
}

/** The program's absolute path as shell-word parts (one quoted word, or `root` escaped by Nix then the
 *  rest) and as far as it is known here (without the directory of the Nix file). */
interface Program {
  parts: StrPart[];
  known: string;
}

function program(path: string, baseDir: string | undefined): Program {
  const { absolute, rel } = anchor(path);
  if (absolute) return { parts: [shellQuote(rel)], known: rel };
  if (baseDir !== undefined) {
    const abs = joinPath(baseDir, rel);
    return { parts: [shellQuote(abs)], known: abs };
  }
  return { parts: [{ interp: nix("lib.escapeShellArg root") }, shellQuote(`/${rel}`)], known: `/${rel}` };
}

/** Comment lines shared by both variants of one executable. */
function notes(scope: Scope, file: FileReport): string[] {
  const a = file.analysis!;
  const out: string[] = [];
  if (a.verdict === "needs-newer-glibc") out.push(`warning: ${a.problems[0] ? problemText(a.problems[0]) : "needs a newer glibc"}; no wrapper can fix that`);
  const drivers = scope.mapping.drivers.filter((d) => neededBy(scope, d.files, file.path));
  if (drivers.length > 0) out.push(`${drivers.map((d) => shown(d.soname)).join(", ")}: from the GPU driver (NixOS: hardware.graphics.enable = true)`);
  out.push(...unmappedNote(scope.mapping.unmapped.filter((u) => neededBy(scope, u.files, file.path))));
  return out;
}

function loaderVariant(scope: Scope, file: FileReport, name: string, word: StrPart[]): string {
  const items: ListItem[] = scope.mapping.packages
    .filter((p) => neededBy(scope, p.files, file.path))
    .map((p) => ({ note: [p.sonames.map(shown).join(", "), ...choiceNotes(p)], code: pkgRef(scope, p.attr) }));
  if (scope.mapping.drivers.some((d) => neededBy(scope, d.files, file.path))) items.push({ note: ["GPU driver libraries"], code: DRIVER_LINK });
  const script: StrPart[] = ['exec "', { interp: nix("loader") }, '" \\\n'];
  if (items.length > 0) script.push('  --library-path "', { interp: nix("libraryPath") }, '" \\\n');
  script.push('  --argv0 "$0" \\\n  ', ...word, ' "$@"\n');
  const lines = [shown(file.path), ...notes(scope, file)];
  if (file.elf?.trailingPayload)
    lines.push(
      `warning: ${file.elf.trailingPayload.size} bytes follow its ELF image (bun/deno/pkg-style), usually read through /proc/self/exe: use NAME-nix-alien or nix-ld`,
    );
  const call = `pkgs.writeShellScriptBin ${nixString(name)} ${nixIndented(script, items.length > 0 ? "    " : "  ")}`;
  const value = items.length > 0 ? `\n    let\n      libraryPath = lib.makeLibraryPath ${list(items, "      ")};\n    in\n    ${call}` : ` ${call}`;
  return `${comment(lines, "  ")}\n  ${attrName(name)} =${value};`;
}

function alienVariant(scope: Scope, fileReport: FileReport, name: string, prog: Program): { code: string; emitted: boolean } {
  const known = prog.known;
  const why = scope.is32
    ? "nix-alien builds a 64-bit FHS environment only"
    : ALIEN_UNSAFE.test(known) || !/^[A-Za-z0-9+._?=-]+$/.test(baseName(fileReport.path).replace(/\s+/g, "_"))
      ? "nix-alien writes this path unescaped into the Nix file it generates, which breaks (or runs code) on these characters"
      : null;
  if (why !== null) return { code: comment(`No ${name}-nix-alien: ${why}.`, "  "), emitted: false };
  const pkgs = scope.mapping.packages.filter((p) => neededBy(scope, p.files, fileReport.path)).map((p) => p.attr);
  const script: StrPart[] = ['exec "', { interp: nix("nix-alien") }, '/bin/nix-alien" --silent --recreate'];
  if (pkgs.length > 0) {
    const names = [...pkgs, ...(pkgs.includes("stdenv.cc.cc") ? ["gcc-unwrapped"] : [])].map((a) => attrPath(a).replaceAll(".", "\\."));
    script.push(` \\\n  -c ${shellQuote(`^(?:${names.join("|")})(?:\\.[^.]+)?$`)} \\\n  ${pkgs.map((a) => `-p ${shellQuote(a)}`).join(" ")}`);
  }
  script.push(" \\\n  ", ...prog.parts, ' -- "$@"\n');
  const code = `  ${attrName(`${name}-nix-alien`)} = pkgs.writeShellScriptBin ${nixString(name)} ${nixIndented(script, "  ")};`;
  return { code, emitted: true };
}

// --emit patchelf: a derivation per scanned root that copies the vendored tree into the store and
// patches its ELF files with autoPatchelfHook, leaving alone binaries that patching would break.

import { isMissing } from "../../model/findings.js";
import { isUnder } from "../../model/paths.js";
import type { FileReport, ScanReport } from "../../model/report.js";
import type { Mapping } from "../../nixpkgs/types.js";
import {
  anchor,
  baseName,
  driverNote,
  type EmitOptions,
  header,
  joinPath,
  type ListItem,
  list,
  packageNote,
  pkgRef,
  type Scope,
  sample,
  scope,
} from "./common.js";
import { attrName, comment, derivationName, type Nix, nix, nixIndented, nixString, type StrPart, shellQuote, shown } from "./escape.js";

/** An autoPatchelfIgnoreMissingDeps entry for a soname: the hook splits the list at spaces and matches
 *  entries with fnmatch, so spaces, glob characters and a leading dash become `?` (which matches them). */
export function ignorePattern(soname: string): string {
  return soname.replace(/[ *?[\]]/g, "?").replace(/^-/, "?");
}

/** The root as a Nix path expression (relative ones start at the directory of this file, or at baseDir). */
function pathExpr(root: string, baseDir: string | undefined): Nix {
  const { absolute, rel } = anchor(root);
  if (absolute) return rel.replace(/\/+$/, "") === "" ? nix("/.") : nix(`/. + ${nixString(rel)}`);
  if (baseDir !== undefined) return nix(`/. + ${nixString(joinPath(baseDir, rel))}`);
  return rel === "" ? nix("./.") : nix(`./. + ${nixString(`/${rel}`)}`);
}

/** Files of the scan under one root, and their paths relative to it. */
function under(s: Scope, root: string): { files: FileReport[]; rel: (p: string) => string; isFile: boolean } {
  const r = root.replace(/\/+$/, "") || "/";
  const prefix = r === "/" ? "/" : `${r}/`;
  const files = s.report.files.filter((f) => isUnder(r, f.path));
  return { files, rel: (p) => (p === r ? baseName(p) : p.slice(prefix.length)), isFile: files.some((f) => f.path === r) };
}

/** Sonames every missing edge of which comes from a dlopen note (so autoPatchelf will not see them). */
function dlopenOnly(files: readonly FileReport[]): Set<string> {
  const seen = new Map<string, boolean>();
  for (const f of files)
    for (const e of f.analysis?.edges ?? [])
      if (isMissing(e.status)) seen.set(e.name, (seen.get(e.name) ?? true) && e.labels.some((l) => l.startsWith("dlopen-")));
  return new Set([...seen].filter(([, only]) => only).map(([n]) => n));
}

/** A root's derivation name: its last path component, "vendored" when nothing of it is usable. */
function rootName(root: string): string {
  return derivationName(baseName(anchor(root).rel), "vendored");
}

function derivation(s: Scope, root: string, here: ReturnType<typeof under>, opts: EmitOptions, indent: string): string {
  const i1 = `${indent}  `;
  const { files, rel, isFile } = here;
  const paths = new Set(files.flatMap((f) => f.paths));
  const inRoot = (list: readonly string[]) => list.filter((p) => paths.has(p));
  const name = rootName(root);
  const payload = files.filter((f) => f.elf?.trailingPayload);
  const dlopen = dlopenOnly(files);
  const inputs: ListItem[] = [];
  const runtime: ListItem[] = [];
  for (const p of s.mapping.packages) {
    const need = inRoot(p.files);
    if (need.length === 0) continue;
    const item = { note: packageNote(p, need), code: pkgRef(s, p.attr) };
    (p.sonames.every((so) => dlopen.has(so)) ? runtime : inputs).push(item);
  }
  const drivers = s.mapping.drivers.filter((d) => inRoot(d.files).length > 0);
  const unmapped = s.mapping.unmapped.filter((u) => inRoot(u.files).length > 0);
  const out: string[] = [`${s.pkgs}.stdenv.mkDerivation {`, `${i1}name = ${nixString(name)};`];
  out.push(
    comment(`The scanned ${isFile ? "file" : "directory"} ${shown(root)}, copied into the store under a fixed name.`, i1),
    `${i1}src = builtins.path {`,
    `${i1}  path = ${pathExpr(root, opts.baseDir)};`,
    `${i1}  name = ${nixString(`${name}-source`)};`,
    `${i1}};`,
  );
  const native: ListItem[] = [{ note: [], code: `${s.pkgs}.autoPatchelfHook` }];
  if (drivers.length > 0)
    native.push({
      note: ["GPU driver libraries: adds /run/opengl-driver/lib to the RUNPATH of every ELF file", ...driverNote(drivers)],
      code: `${s.pkgs}.autoAddDriverRunpath`,
    });
  out.push(`${i1}nativeBuildInputs = ${list(native, i1)};`);
  if (inputs.length > 0) out.push(`${i1}buildInputs = map pkgs.lib.getLib ${list(inputs, i1)};`);
  if (runtime.length > 0)
    out.push(
      comment("Only dlopen()ed (named in a .note.dlopen, not DT_NEEDED): added to every executable's RUNPATH.", i1),
      `${i1}runtimeDependencies = map pkgs.lib.getLib ${list(runtime, i1)};`,
    );
  const ignore: ListItem[] = [
    ...drivers.map((d) => ({ note: [], code: nixString(ignorePattern(d.soname)) })),
    ...unmapped.map((u) => ({
      note: [`no known package; needed by ${sample(u.files)}; ${u.hint}`, ...(u.replacement ? [`instead: ${u.replacement}`] : [])],
      code: nixString(ignorePattern(u.soname)),
    })),
  ];
  if (ignore.length > 0)
    out.push(
      comment(
        [
          "Not in buildInputs, so autoPatchelf would stop on them: driver libraries come from the system,",
          "the others have no known package (entries are fnmatch patterns).",
        ],
        i1,
      ),
      `${i1}autoPatchelfIgnoreMissingDeps = ${list(ignore, i1)};`,
    );
  out.push(comment("Prebuilt binaries: stripping gains little and cuts off data appended after an ELF image.", i1), `${i1}dontStrip = true;`);
  if (payload.length > 0) {
    const rest = files.filter((f) => f.elf !== null && !f.elf.trailingPayload && f.elf.hasDynamic);
    out.push(
      comment(
        [
          "These carry data appended after their ELF image (bun/deno/pkg single-file executables); patchelf rewrites",
          "the file and breaks them, so they are left unpatched: run them with nix-ld (--emit nix-ld).",
          ...payload.map((f) => `  ${shown(f.path)} (${f.elf!.trailingPayload!.size} bytes appended)`),
          "Automatic patching and RPATH shrinking are off; the other ELF files are patched by name.",
        ],
        i1,
      ),
      `${i1}dontAutoPatchelf = true;`,
      `${i1}dontPatchELF = true;`,
    );
    if (rest.length > 0) {
      const script: StrPart[] = ["autoPatchelf --"];
      for (const f of rest) script.push(' \\\n  "$out"/', shellQuote(rel(f.path)));
      out.push(`${i1}postFixup = ${nixIndented([...script, "\n"], i1)};`);
    }
  }
  out.push(`${i1}dontConfigure = true;`, `${i1}dontBuild = true;`);
  const install: StrPart[] = isFile
    ? ["runHook preInstall\n", 'install -Dm755 "$src" "$out"/bin/', shellQuote(baseName(root)), "\nrunHook postInstall\n"]
    : ['runHook preInstall\nmkdir -p "$out"\ncp -r . "$out"\nrunHook postInstall\n'];
  if (isFile) out.push(`${i1}dontUnpack = true;`);
  out.push(`${i1}installPhase = ${nixIndented(install, i1)};`, `${indent}}`);
  return out.join("\n");
}

/** The patchelf derivation(s) for a scan: one for a single root, an attribute set for several. */
export function emitPatchelf(report: ScanReport, mapping: Mapping, opts: EmitOptions = {}): string {
  const s = scope(report, mapping);
  const roots = report.roots.length > 0 ? report.roots : ["."];
  const usage = [
    "A derivation: build it with nix-build THIS-FILE; the patched tree is in ./result. It copies the scanned tree",
    "into the store and sets the interpreter and RUNPATH of its ELF files with autoPatchelfHook.",
    ...(roots.some((r) => !anchor(r).absolute) && opts.baseDir === undefined
      ? ["Relative paths start at the directory holding this file: keep it where the scan ran."]
      : []),
  ];
  const head = `${header(s, "patched derivation", usage)}\n{ pkgs ? import <nixpkgs> { } }:\n`;
  if (roots.length === 1) return `${head}${derivation(s, roots[0]!, under(s, roots[0]!), opts, "")}\n`;
  const used = new Set<string>();
  const attrs = roots.map((root) => {
    let key = rootName(root);
    for (let i = 2; used.has(key); i++) key = `${key.replace(/-\d+$/, "")}-${i}`;
    used.add(key);
    const here = under(s, root);
    return `${comment(`${shown(root)}: ${sample(here.files.map((f) => f.path))}`, "  ")}\n  ${attrName(key)} = ${derivation(s, root, here, opts, "  ")};`;
  });
  return `${head}{\n${attrs.join("\n")}\n}\n`;
}

// --emit shell: a mkShell for shell.nix or a flake's devShells that points nix-ld at the loader and
// libraries the scanned executables need, and gives addons (which nix-ld never reaches) LD_LIBRARY_PATH.

import { buildInputs, nixpkgsSettings, replacedFiles, type VariableSetting } from "../../model/package-state.js";
import type { ScanReport } from "../../model/report.js";
import type { Mapping } from "../../nixpkgs/types.js";
import { variableSettingText, versionGuardSegments } from "../words/index.js";
import {
  DRIVER_LINK,
  type EmitOptions,
  header,
  interpreterNeeded,
  type ListItem,
  list,
  packageNote,
  pkgRef,
  reach,
  type Scope,
  sample,
  scope,
  unmappedNote,
} from "./common.js";
import { attrName, attrPath, comment, NixEscapeError, nix, nixString, nixStringParts, type StrPart, shown } from "./escape.js";

/** "${pkgs.ATTR}REST" (npm-packages.json's nixpkgs value) as a Nix string, the attribute through pkgRef. */
function settingValue(scope: Scope, setting: VariableSetting, indent: string): string {
  if (setting.nixpkgs === null) return nixStringParts(["1"]);
  const m = /^\$\{pkgs\.([A-Za-z_][\w.'-]*)\}(.*)$/s.exec(setting.nixpkgs);
  if (!m) throw new NixEscapeError(`npm-packages.json: ${setting.variable.name}: a nixpkgs value is \${pkgs.ATTR} and a path`, setting.nixpkgs);
  const value = nixStringParts([{ interp: pkgRef(scope, m[1]!) }, m[2]!]);
  const rule = setting.variable.version;
  if (rule === null) return value;
  // The version rule, checked with the nixpkgs the shell is evaluated with: a mismatch stops evaluation with both versions.
  const version = nix(`${pkgRef(scope, rule.attr)}.version`);
  const npm = nixString(rule.match === "exact" ? setting.npmVersion.replace(/^v/, "") : (setting.npmVersion.replace(/^v/, "").split(".")[0] ?? ""));
  const cond = rule.match === "exact" ? `${version} == ${npm}` : `pkgs.lib.versions.major ${version} == ${npm}`;
  const segments = versionGuardSegments({ ...setting, variable: setting.variable.name, attr: rule.attr, match: rule.match });
  const parts: StrPart[] = segments.flatMap((seg, i) => (i === 0 ? [seg] : [{ interp: version }, seg]));
  return `pkgs.lib.throwIfNot (${cond})\n${indent}  ${nixStringParts(parts)}\n${indent}  ${value}`;
}

/** mkShell's env: the variables that point npm packages at nixpkgs builds, each with who reads it. */
function envBlock(scope: Scope, settings: readonly VariableSetting[], replaced: ReadonlySet<string>): string[] {
  if (settings.length === 0) return [];
  const left = [...replaced].sort();
  const lines = settings.flatMap((v) => [comment(variableSettingText(v), "    "), `    ${attrName(v.variable.name)} = ${settingValue(scope, v, "    ")};`]);
  return [
    comment(
      [
        "npm packages pointed at the nixpkgs build of what their install step downloads, through variables",
        "their own code reads. The nixpkgs build has to be the version the npm package expects.",
        ...(left.length > 0 ? [`With these set nothing runs ${sample(left)}: nix-ld and the library paths above leave them out.`] : []),
      ],
      "  ",
    ),
    "  env = {",
    ...lines,
    "  };",
  ];
}

/** Library-path items for one audience, drivers last. */
function items(scope: Scope, who: "nixLd" | "addons"): ListItem[] {
  const out: ListItem[] = [];
  for (const p of scope.mapping.packages) {
    const files = reach(scope, p.files)[who];
    if (files.length > 0) out.push({ note: packageNote(p, files), code: pkgRef(scope, p.attr) });
  }
  const drivers = scope.mapping.drivers.map((d) => ({ d, files: reach(scope, d.files)[who] })).filter((x) => x.files.length > 0);
  if (drivers.length > 0) {
    const note = [
      `${drivers.map((x) => shown(x.d.soname)).join(", ")}: GPU driver libraries from /run/opengl-driver/lib`,
      "(NixOS: hardware.graphics.enable = true and your driver), never a package",
    ];
    out.push({ note, code: DRIVER_LINK });
  }
  return out;
}

/** The devShell for a scan. */
export function emitShell(report: ScanReport, mapping: Mapping, _opts: EmitOptions = {}): string {
  const settings = nixpkgsSettings(report);
  const replaced = replacedFiles(report);
  const s = scope(report, mapping, replaced);
  const needLoader = interpreterNeeded(s);
  const exe = items(s, "nixLd");
  const addon = items(s, "addons");
  const sys = s.is32 ? "_i686_linux" : "";
  const body: string[] = [];
  if (needLoader.length > 0 || exe.length > 0) {
    body.push(
      comment(
        [
          `For executables started through nix-ld: ${sample(needLoader)}.`,
          "The loader nix-ld hands them to, read without import-from-derivation. Needs programs.nix-ld.enable = true",
          "on the system: its shim sits at the FHS loader path and reads these variables.",
          ...(s.is32 ? ["For i686 that shim comes from environment.ldso32 (see --emit nix-ld)."] : []),
        ],
        "  ",
      ),
      `  NIX_LD${sys} = ${s.pkgs}.stdenv.cc.bintools.dynamicLinker;`,
    );
    if (exe.length > 0) {
      body.push(
        comment(
          [
            "Replaces the system's nix-ld library list inside this shell, so it names everything they need,",
            "including libraries the nix-ld module ships by default.",
          ],
          "  ",
        ),
        `  NIX_LD_LIBRARY_PATH${sys} = pkgs.lib.makeLibraryPath ${list(exe, "  ")};`,
      );
    }
  }
  if (addon.length > 0) {
    body.push(
      comment(
        [
          "For addons (shared objects with no interpreter, such as .node files): they are dlopen()ed by a process",
          "that is already running, usually a Nix-built node whose loader is the store's ld.so, so nix-ld never",
          "runs for them and NIX_LD_LIBRARY_PATH does not reach them. LD_LIBRARY_PATH is read by that process's",
          "own loader. It applies to every program started from this shell; to confine it to one command, rename",
          'it to ADDON_LIBRARY_PATH and run that command as: LD_LIBRARY_PATH="$ADDON_LIBRARY_PATH" node app.js',
        ],
        "  ",
      ),
      `  LD_LIBRARY_PATH = pkgs.lib.makeLibraryPath ${list(addon, "  ")};`,
    );
  }
  const others = mapping.packages.filter((p) => reach(s, p.files).otherExecutables.length > 0);
  if (others.length > 0) {
    const files = [...new Set(others.flatMap((p) => reach(s, p.files).otherExecutables))].sort();
    body.push(comment(`Executables with an interpreter nix-ld does not replace need --emit wrapper or --emit patchelf: ${sample(files)}`, "  "));
  }
  const unmapped = unmappedNote(mapping.unmapped);
  if (unmapped.length > 0) body.push(comment(unmapped, "  "));
  const build = buildInputs(report);
  if (build.attrs.length > 0)
    body.push(
      comment(
        [
          `To build the native addons that were never built (npm rebuild): ${build.packages.join(", ")}.`,
          "python3 for node-gyp and what their binding.gyp links; the shell's stdenv brings the compiler and make.",
        ],
        "  ",
      ),
      `  packages = ${list(
        build.attrs.map((a) => ({ note: [], code: `pkgs.${attrPath(a)}` })), // build tools: this system's, also for i686 scans
        "  ",
      )};`,
    );
  body.push(...envBlock(s, settings, replaced));
  if (body.length === 0) body.push(comment("Nothing in this scan needs nix-ld or a library path.", "  "));
  const usage = ["A development shell: save it as shell.nix and run nix-shell, or use the mkShell call in a flake's devShells."];
  return `${header(s, "nix-ld devShell", usage)}\n{ pkgs ? import <nixpkgs> { } }:\npkgs.mkShell {\n${body.join("\n")}\n}\n`;
}

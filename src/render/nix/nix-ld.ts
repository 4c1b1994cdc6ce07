// --emit nix-ld: a NixOS module enabling nix-ld with the libraries the scanned executables lack,
// leaving out what the module already ships, and saying what nix-ld cannot do (addons, drivers, i686).
import { knownRelease } from "../../loader/profiles.js";
import { nixpkgsSettings, replacedFiles } from "../../model/package-state.js";
import type { ScanReport } from "../../model/report.js";
import { NIX_LD_DEFAULTS } from "../../nixpkgs/attrs.js";
import { libstdcxxFor } from "../../nixpkgs/releases.js";
import type { Mapping, PackageChoice } from "../../nixpkgs/types.js";
import {
  driverNote,
  type EmitOptions,
  findings,
  header,
  interpreterNeeded,
  isBareAddon,
  type ListItem,
  list,
  packageNote,
  pkgRef,
  reach,
  type Scope,
  sample,
  scope,
  unmappedNote,
  withRef,
} from "./common.js";
import { comment, nix, nixStringParts, shown } from "./escape.js";

const DEFAULTS: ReadonlySet<string> = new Set(NIX_LD_DEFAULTS);

/** Attributes whose lib/ the module's default entry already links (nixpkgs lib/ layout). */
const SAME_LIB_DIR: Readonly<Record<string, string>> = {
  systemdLibs: "systemd",
  systemdMinimal: "systemd",
  libuuid: "util-linux",
};
const GCC_LIBS = new Set(["stdenv.cc.cc", "stdenv.cc.cc.lib", "gcc.cc", "gcc.cc.lib"]);

/** The default entry that already provides this package's libraries, or null. */
function coveredBy(scope: Scope, choice: PackageChoice): string | null {
  if (GCC_LIBS.has(choice.attr)) {
    // stdenv.cc.cc is a default; it serves libstdc++ only when its GLIBCXX/CXXABI versions suffice.
    const versions = choice.files.flatMap(
      (f) =>
        scope.byPath
          .get(f)
          ?.analysis?.externalVersionNeeds.filter((n) => choice.sonames.includes(n.file))
          .flatMap((n) => n.versions) ?? [],
    );
    return libstdcxxFor(versions, knownRelease(scope.mapping.release))?.isDefault === true ? "stdenv.cc.cc" : null;
  }
  if (DEFAULTS.has(choice.attr)) return choice.attr;
  return SAME_LIB_DIR[choice.attr] ?? null;
}

/** The nix-ld NixOS module for a scan. */
export function emitNixLd(report: ScanReport, mapping: Mapping, _opts: EmitOptions = {}): string {
  const replaced = replacedFiles(report);
  const s = scope(report, mapping, replaced);
  const items: ListItem[] = [];
  const covered: string[] = [];
  const elsewhere: string[] = [];
  for (const p of mapping.packages) {
    const r = reach(s, p.files);
    if (r.nixLd.length === 0 && r.addons.length === 0 && r.otherExecutables.length === 0) continue; // only replaced files need it
    if (r.nixLd.length === 0) {
      elsewhere.push(`${p.attr} (${p.sonames.map(shown).join(", ")}): ${sample([...r.addons, ...r.otherExecutables])}`);
      continue;
    }
    const def = s.is32 ? null : coveredBy(s, p);
    if (def !== null) covered.push(`  ${p.attr}${def === p.attr ? "" : ` (provided by ${def})`}: ${p.sonames.map(shown).join(", ")}`);
    else items.push({ note: packageNote(p, r.nixLd), code: s.is32 ? pkgRef(s, p.attr) : withRef(s, p.attr) });
  }
  const body: string[] = [];
  const nixLdExes = interpreterNeeded(s);
  const addonFindings = findings(s, "addon");
  const bareAddons = addonFindings.filter((f) => isBareAddon(f) && !replaced.has(f.path)).map((f) => f.path);
  if (s.is32) body.push(...i686Part(nixLdExes, items));
  else if (nixLdExes.length > 0 || items.length > 0) {
    const served = [
      ...(nixLdExes.length > 0 ? [`The FHS loader path these executables expect: ${sample(nixLdExes)}`] : []),
      ...(bareAddons.length > 0
        ? [`Bare's addons, which the Bare runtime (a prebuilt executable nix-ld runs) loads with nix-ld's library path: ${sample(bareAddons)}`]
        : []),
    ];
    body.push(comment(served, "  "), "  programs.nix-ld.enable = true;");
    if (items.length > 0) body.push(`  programs.nix-ld.libraries = with pkgs; ${list(items, "  ")};`);
  } else if (replaced.size === 0) body.push(comment("No executable in this scan needs nix-ld.", "  "));
  if (covered.length > 0) body.push(comment(["Needed too, but already among the module's default libraries:", ...covered], "  "));
  if (replaced.size > 0) {
    const vars = nixpkgsSettings(report)
      .filter((v) => v.nixpkgs !== null)
      .map((v) => v.variable.name);
    // Downloads found outside the tree run instead when the nixpkgs build is another version and the variable is unset.
    const outside = new Set(report.files.filter((f) => f.outsideOf !== undefined && replaced.has(f.path)).map((f) => f.path));
    const fallback = mapping.packages.filter((p) => p.files.some((f) => outside.has(f))).map((p) => `${p.attr} (${p.sonames.map(shown).join(", ")})`);
    body.push(
      comment(
        [
          `Left out: ${sample([...replaced].sort())}. Their packages read ${vars.join(", ")}, which point them at`,
          "nixpkgs builds: set that where the project runs (--emit shell writes a devShell that does), or they need nix-ld too.",
          ...(fallback.length > 0
            ? [
                `Run instead of the nixpkgs build (another version, the variable unset), the downloads found outside the tree`,
                `(${sample([...outside].sort())}) need nix-ld with: ${fallback.join(", ")}.`,
              ]
            : []),
        ],
        "  ",
      ),
    );
  }
  if (mapping.drivers.length > 0) {
    body.push(
      comment(
        [
          "GPU driver libraries come from the running driver in /run/opengl-driver/lib, never from a package:",
          ...driverNote(mapping.drivers),
          "nix-ld does not search that directory: start those programs with LD_LIBRARY_PATH=/run/opengl-driver/lib,",
          "or use --emit shell or --emit wrapper, which add it. Also enable your GPU's driver (e.g. hardware.nvidia).",
        ],
        "  ",
      ),
      "  hardware.graphics.enable = true;",
    );
    if (s.is32) body.push("  hardware.graphics.enable32Bit = true;");
  }
  const addons = addonFindings.filter((f) => !isBareAddon(f));
  if (elsewhere.length > 0 || addons.length > 0) {
    body.push(
      comment(
        [
          "Not served by nix-ld: addons (shared objects with no interpreter, such as .node files) are loaded by a",
          "process that is already running, usually a Nix-built node whose loader is the store's ld.so, so nix-ld",
          "never runs for them and its library path does not reach them. Use --emit shell (LD_LIBRARY_PATH for that",
          "process) or --emit patchelf. Executables with another interpreter are not served either (--emit wrapper).",
          ...(addons.length > 0 ? [`  addons: ${sample(addons.map((f) => f.path))}`] : []),
          ...(elsewhere.length > 0 ? ["  packages only they need:", ...elsewhere.map((e) => `    ${e}`)] : []),
        ],
        "  ",
      ),
    );
  }
  const musl = findings(s, "executable").filter((f) => f.analysis?.interpreter?.status === "musl");
  if (musl.length > 0) body.push(comment(`nix-ld serves glibc binaries only; these use musl's loader: ${sample(musl.map((f) => f.path))}`, "  "));
  const unmapped = unmappedNote(mapping.unmapped);
  if (unmapped.length > 0) body.push(comment(unmapped, "  "));
  const usesPkgs = body.some((l) => !l.trimStart().startsWith("#") && l.includes("pkgs"));
  const usage = ["A NixOS module: add it to `imports` in your configuration, switch, then log in again (nix-ld's variables", "are session variables)."];
  return `${header(s, "nix-ld module", usage)}\n${usesPkgs ? "{ pkgs, ... }:" : "{ ... }:"}\n${body.length > 0 ? `{\n${body.join("\n")}\n}` : "{ }"}\n`;
}

/** 32-bit x86: the module serves pkgs' own system only, so set up the i686 loader path and variables. */
function i686Part(exes: readonly string[], items: readonly ListItem[]): string[] {
  const out = [
    comment(
      [
        `32-bit executables (${sample(exes)}): programs.nix-ld only sets up the loader path and libraries of the`,
        "system's own architecture, and its default libraries are 64-bit. This puts an i686 nix-ld at /lib/ld-linux.so.2",
        "(environment.ldso32, x86_64 NixOS) and gives it its own variables, which nix-ld reads before the generic ones.",
      ],
      "  ",
    ),
    `  environment.ldso32 = ${nixStringParts([{ interp: nix("pkgs.pkgsi686Linux.nix-ld") }, "/libexec/nix-ld"])};`,
    "  environment.sessionVariables = {",
    "    NIX_LD_i686_linux = pkgs.pkgsi686Linux.stdenv.cc.bintools.dynamicLinker;",
  ];
  if (items.length > 0) out.push(`    NIX_LD_LIBRARY_PATH_i686_linux = pkgs.lib.makeLibraryPath ${list(items, "    ")};`);
  out.push("  };");
  return out;
}

// Words for the nixpkgs mapping: evidence, warnings, unmapped sonames, notes.
import { unreachable } from "../../model/diagnostics.js";
import type { Evidence, MappingNote, MappingWarning, UnmappedWhy } from "../../model/mapping.js";

/** What a table row's nixpkgs files prove about the attribute chosen for a soname (the full sentence, for Nix comments). */
export function evidenceText(evidence: Evidence): string {
  switch (evidence) {
    case "ships":
      return "ships (its nixpkgs package file shows it installs this library)";
    case "consumer":
      return "consumer (nixpkgs packages that need this library take it from here)";
    case "exists":
      return "exists (only the attribute was seen in nixpkgs)";
    case "none":
      return "none (not checked against nixpkgs)";
    default:
      return unreachable(evidence);
  }
}

/** The same, as a short tag for the table's "Add from nixpkgs" lines (nothing for the strongest kind). */
export function evidenceBrief(evidence: Evidence): string | null {
  switch (evidence) {
    case "ships":
      return null;
    case "consumer":
      return "used by nixpkgs packages";
    case "exists":
      return "attribute exists";
    case "none":
      return "not checked";
    default:
      return unreachable(evidence);
  }
}

/** What to do about GPU driver libraries: they come from the running system, never from a package. */
export const DRIVER_ADVICE =
  "comes from the running GPU driver in /run/opengl-driver/lib: on NixOS set hardware.graphics.enable = true (and the driver, e.g. hardware.nvidia); in a derivation use autoAddDriverRunpath / addDriverRunpath; never add a package for it";

export function mappingWarningText(warning: MappingWarning): string {
  switch (warning.code) {
    case "gcc-beyond-default":
      return `needs ${warning.needs}, newer than stdenv's gcc in ${warning.release}: ${warning.gcc}'s libstdc++ defines it`;
    case "gcc-ceiling-unverified":
      return `${warning.gcc}'s libstdc++ version ceiling is believed, not verified`;
    case "name-unverified":
      return `${warning.attr} in nixpkgs ${warning.release} is believed, not verified`;
    case "app-internal":
      return `${warning.soname} is a private library of ${warning.attr}; it is usually bundled with the application, and nix-ld finds it in ${warning.attr} only if that package installs it in lib/, not in the application's own directory`;
    case "insecure":
      return `${warning.attr} is marked insecure in nixpkgs: it needs permittedInsecurePackages`;
    case "nix-locate-several":
      return `nix-locate offered ${warning.offered.join(", ")}; took the first (pin another with --prefer ${warning.soname}=ATTR)`;
    default:
      return unreachable(warning);
  }
}

/** Why a soname has no attribute, and the next step. */
export function unmappedText(why: UnmappedWhy): string {
  switch (why.code) {
    case "look-up":
      return `run: ${why.command}`;
    case "part-of-glibc":
      return `part of glibc, which the loader brings; ${why.note ?? "a binary for another system or a glibc-internal name"}`;
    case "musl":
      return "musl's C library: build or fetch a glibc variant, or use pkgsMusl";
    case "not-in-nixpkgs":
      return `nixpkgs has no package with this soname (${why.files.join(", ")})`;
    case "gcc-too-old":
      return `needs ${why.needs.join(", ")}, newer than any gcc in nixpkgs ${why.release}`;
    case "missing-in-release":
      return `${why.attr} does not exist in nixpkgs ${why.release}${why.note ? ` (${why.note})` : ""}`;
    case "own-library": {
      const where = `${why.paths[0]}${why.paths.length > 1 ? ` (and ${why.paths.length - 1} more)` : ""}`;
      return (
        `${why.owner === null ? "the application's" : `${why.owner}'s`} own library, shipped in this tree at ${where}, where nothing searches for it: ` +
        "nix-ld will not find it there either; add its directory to the RUNPATH of the files that need it (patchelf --add-rpath, or autoPatchelfHook's appendRunpaths), or use the application's nixpkgs package"
      );
    }
    case "private-library":
      return (
        `an application's private library${why.note ? ` (${why.note})` : ""}: no nixpkgs package puts it on a library path, so nix-ld will not find it; ` +
        `run the application's own package, or ship the library with the binary and add its directory to the RUNPATH (${why.files.join(", ")})`
      );
    default:
      return unreachable(why);
  }
}

export function mappingNoteText(note: MappingNote): string {
  switch (note.code) {
    case "nix-locate-unavailable":
      return `${note.reason === "not-installed" ? "nix-locate is not installed" : note.reason === "no-database" ? `nix-locate has no database (${note.output})` : `nix-locate failed (${note.output})`}: sonames missing from the built-in table were not looked up (install nix-index and run nix-index to enable it)`;
    default:
      return unreachable(note.code);
  }
}

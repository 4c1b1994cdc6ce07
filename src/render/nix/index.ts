// The Nix emitters by --emit name: pure (report, mapping, options) => Nix source text.
import type { ScanReport } from "../../model/report.js";
import type { Mapping } from "../../nixpkgs/types.js";
import type { EmitOptions } from "./common.js";
import { emitNixLd } from "./nix-ld.js";
import { emitPatchelf } from "./patchelf.js";
import { emitShell } from "./shell.js";
import { emitWrapper } from "./wrapper.js";

export type EmitName = "nix-ld" | "shell" | "wrapper" | "patchelf";
export type Emitter = (report: ScanReport, mapping: Mapping, opts: EmitOptions) => string;

export const EMIT_NAMES: readonly EmitName[] = ["nix-ld", "shell", "wrapper", "patchelf"];

export const emitters: Record<EmitName, Emitter> = {
  "nix-ld": emitNixLd,
  shell: emitShell,
  wrapper: emitWrapper,
  patchelf: emitPatchelf,
};

export { EMITTER_ATTRS, type EmitOptions, NixEmitError } from "./common.js";
export { NixEscapeError } from "./escape.js";

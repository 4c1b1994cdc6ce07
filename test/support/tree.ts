// Write small trees of synthetic ELF files (and symlinks) for loader-analysis tests.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildElf, DF_1, type ElfSpec, ET } from "./elf-builder.js";
import { tempDir } from "./run-cli.js";

export const FHS_INTERP = "/lib64/ld-linux-x86-64.so.2";

/** A PIE executable with the FHS interpreter. */
export function exe(dynamic: NonNullable<ElfSpec["dynamic"]>, extra: Partial<ElfSpec> = {}): ElfSpec {
  return { type: ET.DYN, interp: FHS_INTERP, dynamic: { flags1: DF_1.PIE, ...dynamic }, ...extra };
}

/** A shared library. */
export function lib(dynamic: NonNullable<ElfSpec["dynamic"]>, extra: Partial<ElfSpec> = {}): ElfSpec {
  return { type: ET.DYN, dynamic, ...extra };
}

export type TreeSpec = Record<string, ElfSpec | { symlink: string } | { text: string; mode?: number }>;

export function writeTree(spec: TreeSpec): string {
  const root = tempDir("nbc-tree-");
  for (const [rel, v] of Object.entries(spec)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    if ("symlink" in v) symlinkSync(v.symlink, p);
    else if ("text" in v) writeFileSync(p, v.text, { mode: v.mode ?? 0o644 });
    else writeFileSync(p, buildElf(v).bytes, { mode: 0o755 });
  }
  return root;
}

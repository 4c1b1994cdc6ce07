// Differential test: the reader against binutils readelf over every ELF file in /usr/lib and /lib.
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseElf } from "../../src/elf/parse.js";
import type { ElfInfo } from "../../src/elf/types.js";
import { type ReadelfFacts, readelfAvailable, readelfMany } from "../support/readelf.js";
import { fileSource } from "../support/sources.js";

const ROOTS = ["/usr/lib", "/lib"];

function isElf(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const b = Buffer.alloc(4);
    return readSync(fd, b, 0, 4, 0) === 4 && b.readUInt32BE(0) === 0x7f454c46;
  } finally {
    closeSync(fd);
  }
}

/**
 * Every regular ELF file under the roots, deduplicated by realpath. Symlinked directories are not
 * entered, so a regular file's walked path is already its realpath; only symlinks are resolved.
 */
function findElfFiles(roots: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const consider = (real: string): void => {
    if (seen.has(real)) return;
    seen.add(real);
    try {
      if (isElf(real)) out.push(real);
    } catch {
      // unreadable: not ours to judge
    }
  };
  const walk = (dir: string): void => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) consider(p);
      else if (e.isSymbolicLink()) {
        try {
          const real = realpathSync.native(p);
          if (statSync(real).isFile()) consider(real);
        } catch {
          // dangling link
        }
      }
    }
  };
  for (const root of roots) {
    try {
      const real = realpathSync.native(root);
      if (seen.has(real) || !lstatSync(real).isDirectory()) continue;
      seen.add(real);
      walk(real);
    } catch {
      // root missing
    }
  }
  return out.sort();
}

const setsToObj = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]).sort());

function compare(file: string, info: ElfInfo, re: ReadelfFacts): string[] {
  const diffs: string[] = [];
  const eq = (field: string, ours: unknown, theirs: unknown): void => {
    const a = JSON.stringify(ours);
    const b = JSON.stringify(theirs);
    if (a !== b) diffs.push(`${file}: ${field}: reader ${a} readelf ${b}`);
  };
  eq("class", info.class, re.class);
  eq("machineCode", info.machineCode, re.machineCode ?? `unmapped readelf name ${re.machineName}`);
  eq("interpreter", info.interpreter, re.interpreter);
  eq("needed", info.needed, re.needed);
  eq("rpath", info.rpath, re.rpath);
  eq("runpath", info.runpath, re.runpath);
  eq("soname", info.soname, re.soname);
  const ours = new Map<string, Set<string>>();
  for (const v of info.versionNeeds) {
    const s = ours.get(v.file) ?? new Set<string>();
    for (const x of v.versions) s.add(x.name);
    ours.set(v.file, s);
  }
  eq("versionNeeds", setsToObj(ours), setsToObj(re.versionNeeds));
  return diffs;
}

const have = readelfAvailable();

describe("reader vs readelf over /usr/lib and /lib", () => {
  if (!have && process.env.CI) {
    it("readelf is available", () => {
      throw new Error("readelf (binutils) is not installed: apt-get install binutils");
    });
  }

  it.skipIf(!have)(
    "every ELF file agrees on class, machine, interpreter, needed, rpath, runpath, soname, version needs",
    async () => {
      const t0 = performance.now();
      const files = findElfFiles(ROOTS);
      expect(files.length).toBeGreaterThan(50);
      const readelfDone = readelfMany(files, 150, 2);

      const ours = new Map<string, ElfInfo | string>();
      for (const f of files) {
        const src = fileSource(f);
        try {
          const r = parseElf(src);
          ours.set(f, r.info ?? `no info: ${r.errors.map((e) => e.code).join(",")}`);
          if (r.info && r.errors.length > 0)
            ours.set(f, `errors on a system file: ${r.errors.map((e) => `${e.code} (${JSON.stringify(e.detail)})`).join("; ")}`);
        } finally {
          src.close();
        }
      }
      const theirs = await readelfDone;

      const mismatches: string[] = [];
      for (const f of files) {
        const re = theirs.get(f);
        const info = ours.get(f)!;
        if (!re) mismatches.push(`${f}: readelf printed nothing for this file`);
        else if (typeof info === "string") mismatches.push(`${f}: ${info}`);
        else mismatches.push(...compare(f, info, re));
      }
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      console.log(`readelf-diff: ${files.length} ELF files, ${mismatches.length} mismatches, ${secs}s`);
      const shown = mismatches.slice(0, 40).join("\n") + (mismatches.length > 40 ? `\n... and ${mismatches.length - 40} more` : "");
      expect(mismatches.length, `mismatches:\n${shown}`).toBe(0);
    },
    115_000,
  );
});

// Symbol-version checks over a finished load graph (LOADER.md §8 "Version needs").
import { compare } from "../model/order.js";
import type { ElfInfo } from "../elf/types.js";
import type { TargetProfile, VersionProblem } from "./types.js";

interface VersionedObject {
  path: string;
  kind: string;
  names: Set<string>;
  soname: string | null;
  info: ElfInfo | null;
}

export interface VersionCheck {
  problems: VersionProblem[];
  external: { file: string; versions: string[] }[];
}

const EXTERNAL_RECORDED = /^(GLIBCXX|CXXABI|GCC)_/;

const numbers = new Map<string, number[] | null>();

/** GLIBC_2.34 -> [2, 34]; null for names that are not numbered glibc versions (GLIBC_PRIVATE). Memoised. */
function glibcNumber(v: string): number[] | null {
  let n = numbers.get(v);
  if (n === undefined) {
    const m = /^GLIBC_(\d+(?:\.\d+)*)$/.exec(v);
    n = m ? m[1]!.split(".").map(Number) : null;
    numbers.set(v, n);
  }
  return n;
}

function newer(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

export function checkVersions(objects: readonly VersionedObject[], target: TargetProfile, display: (p: string) => string): VersionCheck {
  const problems: VersionProblem[] = [];
  const external = new Map<string, Set<string>>();
  const have = target.glibcVersion.split(".").map(Number);
  // First object matching a name, as ld.so's search of the link map would find it.
  const byName = new Map<string, VersionedObject>();
  for (const l of objects) {
    for (const n of l.names) if (!byName.has(n)) byName.set(n, l);
    if (l.soname !== null && !byName.has(l.soname)) byName.set(l.soname, l);
  }
  for (const o of objects) {
    if (o.kind !== "tree" || !o.info) continue;
    for (const need of o.info.versionNeeds) {
      const provider = byName.get(need.file);
      if (provider?.kind === "tree" && provider.info) {
        // A provider without DT_VERDEF only draws a warning from ld.so, never an error.
        if (provider.info.versionDefs.length === 0) continue;
        const defs = new Set(provider.info.versionDefs.map((d) => d.name));
        for (const v of need.versions) {
          if (defs.has(v.name)) continue;
          problems.push({
            code: v.weak ? "version-missing-weak" : "version-missing",
            requester: display(o.path),
            file: need.file,
            version: v.name,
            detail: `${display(provider.path)} does not define ${v.name}`,
          });
        }
      } else if (provider && (provider.kind === "glibc" || provider.kind === "loader")) {
        for (const v of need.versions) {
          const num = glibcNumber(v.name);
          if (num && newer(num, have)) {
            problems.push({ code: "glibc-too-old", requester: display(o.path), file: need.file, version: v.name, detail: target.describes });
          }
        }
      } else {
        const rec = need.versions.filter((v) => EXTERNAL_RECORDED.test(v.name)).map((v) => v.name);
        if (rec.length > 0) {
          const set = external.get(need.file) ?? new Set<string>();
          for (const r of rec) set.add(r);
          external.set(need.file, set);
        }
      }
    }
  }
  return {
    problems,
    external: [...external].map(([file, s]) => ({ file, versions: [...s].sort() })).sort((a, b) => compare(a.file, b.file)),
  };
}

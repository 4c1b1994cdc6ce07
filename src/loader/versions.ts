// Symbol-version checks over a finished load graph (LOADER.md §8 "Version needs").

import type { ElfInfo } from "../elf/types.js";
import { compare } from "../model/order.js";
import type { TargetProfile, VersionProblem } from "./types.js";

interface VersionedObject {
  path: string;
  kind: string;
  info: ElfInfo | null;
}

export interface VersionCheck {
  problems: VersionProblem[];
  external: { file: string; versions: string[] }[];
}

const EXTERNAL_RECORDED = /^(GLIBCXX|CXXABI|GCC)_/;
const GLIBC_VERSION = /^GLIBC_\d+(\.\d+)*$/;

/** Order GLIBC_2.9 < GLIBC_2.34 numerically. */
export function compareVersionNames(left: string, right: string): number {
  const pa = left
    .replace(/^[A-Z_]+/, "")
    .split(".")
    .map(Number);
  const pb = right
    .replace(/^[A-Z_]+/, "")
    .split(".")
    .map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A numbered glibc version (GLIBC_2.34), not GLIBC_PRIVATE or another name. */
export function glibcVersionName(name: string): boolean {
  return GLIBC_VERSION.test(name);
}

/** GLIBC_x.y[.z] newer than `glibc` ("2.40"); names that are not numbered glibc versions (GLIBC_PRIVATE) never are. */
export function glibcNewer(name: string, glibc: string): boolean {
  return glibcVersionName(name) && compareVersionNames(name, `GLIBC_${glibc}`) > 0;
}

type Need = ElfInfo["versionNeeds"][number];

/** What a version name means here: nothing, a GLIBC_x.y newer than the target's glibc, or a GLIBCXX_/CXXABI_/GCC_ version kept for the mapping step. */
const PLAIN = 0;
const TOO_NEW = 1;
const RECORDED = 2;

/**
 * Version name -> what it means, per target glibc. A scan meets a few dozen distinct names
 * thousands of times: one map lookup each, instead of parsing the name again.
 */
const KINDS = new Map<string, Map<string, number>>();

function kindsFor(glibc: string): Map<string, number> {
  let k = KINDS.get(glibc);
  if (k === undefined) {
    k = new Map();
    KINDS.set(glibc, k);
  }
  return k;
}

function kindOf(name: string, glibc: string, kinds: Map<string, number>): number {
  let kind = kinds.get(name);
  if (kind === undefined) {
    kind = glibcNewer(name, glibc) ? TOO_NEW : EXTERNAL_RECORDED.test(name) ? RECORDED : PLAIN;
    // Module-wide, so bounded: a long-lived process scanning many hostile files must not grow it forever.
    if (kinds.size >= 50_000) kinds.clear();
    kinds.set(name, kind);
  }
  return kind;
}

const DEFS = new WeakMap<ElfInfo, ReadonlySet<string>>();

/** The version names an object defines (memoised: a provider is checked once per root that loads it). */
function definedBy(info: ElfInfo): ReadonlySet<string> {
  let d = DEFS.get(info);
  if (!d) {
    d = new Set(info.versionDefs.map((v) => v.name));
    DEFS.set(info, d);
  }
  return d;
}

/**
 * `treeObjects` are the objects loaded from files, in load order; `find` is the load graph's name lookup: the first object loaded under a name (requested name or
 * SONAME), as ld.so's search of the link map would find it. Plain loops: this runs once per root.
 */
export function checkVersions(
  treeObjects: readonly VersionedObject[],
  find: (name: string) => VersionedObject | undefined,
  target: TargetProfile,
  display: (p: string) => string,
): VersionCheck {
  const problems: VersionProblem[] = [];
  let external: Map<string, string[]> | null = null;
  const kinds = kindsFor(target.glibcVersion);
  for (let i = 0; i < treeObjects.length; i++) {
    const o = treeObjects[i]!;
    if (o.info === null) continue;
    const needs = o.info.versionNeeds;
    for (let j = 0; j < needs.length; j++) {
      const need = needs[j]!;
      const provider = find(need.file);
      if (provider !== undefined && provider.kind === "tree" && provider.info !== null) {
        // A provider without DT_VERDEF only draws a warning from ld.so, never an error.
        if (provider.info.versionDefs.length > 0) undefinedVersions(o, need, provider, problems, display);
        continue;
      }
      const fromGlibc = provider !== undefined && (provider.kind === "glibc" || provider.kind === "loader");
      const versions = need.versions;
      for (let v = 0; v < versions.length; v++) {
        const name = versions[v]!.name;
        const kind = kindOf(name, target.glibcVersion, kinds);
        if (fromGlibc) {
          if (kind === TOO_NEW) problems.push({ code: "glibc-too-old", requester: display(o.path), file: need.file, version: name, provider: null });
        } else if (kind === RECORDED) {
          external ??= new Map();
          const list = external.get(need.file);
          if (list === undefined) external.set(need.file, [name]);
          else if (!list.includes(name)) list.push(name);
        }
      }
    }
  }
  return { problems, external: external === null ? [] : externalList(external) };
}

/** Versions `o` needs of a bundled provider that it does not define. */
function undefinedVersions(object: VersionedObject, need: Need, provider: VersionedObject, problems: VersionProblem[], display: (p: string) => string): void {
  const defs = definedBy(provider.info!);
  for (const v of need.versions) {
    if (defs.has(v.name)) continue;
    problems.push({
      code: v.weak ? "version-missing-weak" : "version-missing",
      requester: display(object.path),
      file: need.file,
      version: v.name,
      provider: display(provider.path),
    });
  }
}

function externalList(external: Map<string, string[]>): { file: string; versions: string[] }[] {
  return [...external].map(([file, versions]) => ({ file, versions: versions.sort() })).sort((a, b) => compare(a.file, b.file));
}

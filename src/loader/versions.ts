// Symbol-version checks over a finished load graph (LOADER.md §8 "Version needs").
import { compare } from "../model/order.js";
import type { ElfInfo } from "../elf/types.js";
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

/** GLIBC_x.y[.z] newer than `have` ([2, 40]); names that are not numbered glibc versions (GLIBC_PRIVATE) never are. */
export function glibcNewer(name: string, have: readonly number[]): boolean {
  if (!GLIBC_VERSION.test(name)) return false;
  let part = 0;
  let n = 0;
  // Each dot-separated number against the same part of `have` (missing parts count as 0).
  for (let i = 6; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : 46;
    if (c !== 46) {
      n = n * 10 + (c - 48);
      continue;
    }
    const h = have[part] ?? 0;
    if (n !== h) return n > h;
    part++;
    n = 0;
  }
  return false;
}

type Need = ElfInfo["versionNeeds"][number];

/** What one version need asks that matters here, worked out once per need (a library is checked for every root that loads it). */
interface NeedFacts {
  /** The glibc version `tooNew` was computed against. */
  glibc: string;
  /** Its GLIBC_x.y versions newer than that glibc. */
  tooNew: readonly string[];
  /** Its GLIBCXX_/CXXABI_/GCC_ versions, kept for the mapping step. */
  recorded: readonly string[];
}

const FACTS = new WeakMap<Need, NeedFacts>();

function factsOf(need: Need, glibc: string): NeedFacts {
  let f = FACTS.get(need);
  if (f === undefined || f.glibc !== glibc) {
    const have = glibc.split(".").map(Number);
    const tooNew: string[] = [];
    const recorded: string[] = [];
    for (const v of need.versions) {
      if (glibcNewer(v.name, have)) tooNew.push(v.name);
      else if (EXTERNAL_RECORDED.test(v.name)) recorded.push(v.name);
    }
    f = { glibc, tooNew, recorded };
    FACTS.set(need, f);
  }
  return f;
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
 * `find` is the load graph's name lookup: the first object loaded under a name (requested name or
 * SONAME), as ld.so's search of the link map would find it. Plain loops: this runs once per root.
 */
export function checkVersions(
  objects: readonly VersionedObject[],
  find: (name: string) => VersionedObject | undefined,
  target: TargetProfile,
  display: (p: string) => string,
): VersionCheck {
  const problems: VersionProblem[] = [];
  let external: Map<string, string[]> | null = null;
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    if (o.kind !== "tree" || o.info === null) continue;
    const needs = o.info.versionNeeds;
    for (let j = 0; j < needs.length; j++) {
      const need = needs[j]!;
      const provider = find(need.file);
      if (provider !== undefined && provider.kind === "tree" && provider.info !== null) {
        // A provider without DT_VERDEF only draws a warning from ld.so, never an error.
        if (provider.info.versionDefs.length > 0) undefinedVersions(o, need, provider, problems, display);
      } else if (provider !== undefined && (provider.kind === "glibc" || provider.kind === "loader")) {
        const tooNew = factsOf(need, target.glibcVersion).tooNew;
        for (const version of tooNew) problems.push({ code: "glibc-too-old", requester: display(o.path), file: need.file, version, detail: target.describes });
      } else {
        const rec = factsOf(need, target.glibcVersion).recorded;
        if (rec.length === 0) continue;
        external ??= new Map();
        const list = external.get(need.file);
        if (list === undefined) external.set(need.file, rec.slice());
        else for (const r of rec) if (!list.includes(r)) list.push(r);
      }
    }
  }
  return { problems, external: external === null ? [] : externalList(external) };
}

/** Versions `o` needs of a bundled provider that it does not define. */
function undefinedVersions(o: VersionedObject, need: Need, provider: VersionedObject, problems: VersionProblem[], display: (p: string) => string): void {
  const defs = definedBy(provider.info!);
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
}

function externalList(external: Map<string, string[]>): { file: string; versions: string[] }[] {
  return [...external].map(([file, versions]) => ({ file, versions: versions.sort() })).sort((a, b) => compare(a.file, b.file));
}

// From a scan to "what to add": every soname NixOS lacks mapped to one attribute, deterministically
// (pin, then table, then a candidate already chosen for a sibling, then nix-locate), grouped by attribute.

import type { NixpkgsRelease } from "../loader/profiles.js";
import type { Analysis, Role } from "../loader/types.js";
import { isFinding, isMissing, isOptionalDlopen } from "../model/findings.js";
import { compare } from "../model/order.js";
import type { ScanReport } from "../model/report.js";
import { type LocateResult, nixLocateCommand } from "./locate.js";
import { beyondDefaultGcc, libstdcxxFor, rowAttrInRelease } from "./releases.js";
import { lookup } from "./table.js";
import type {
  ChoiceReason,
  Confidence,
  DriverNeed,
  Evidence,
  Mapping,
  MappingNote,
  MappingWarning,
  PackageChoice,
  UnmappedSoname,
  UnmappedWhy,
} from "./types.js";

export type Locate = (soname: string) => LocateResult;

export interface MapOptions {
  release: NixpkgsRelease;
  system: string;
  /** soname -> attribute, from --prefer and the config file; wins over everything. */
  prefer?: Readonly<Record<string, string>>;
  /** nix-locate, when the user has it; absent in tests that do not provide a stand-in. */
  locate?: Locate;
  /** How to tell the user to run nix-locate for one soname. */
  locateCommand?: (soname: string) => string;
}

interface Need {
  files: Set<string>;
  roles: Map<string, Role>;
  versions: Set<string>;
}

/** Collect what the findings lack, per soname, with the files (and their roles) that need it. */
function collectNeeds(report: ScanReport): { needs: Map<string, Need>; interpreter: string[] } {
  const needs = new Map<string, Need>();
  const interpreter: string[] = [];
  for (const f of report.files) {
    const a = f.analysis;
    if (!a || !isFinding(f)) continue;
    if (a.interpreter?.status === "fhs-missing") interpreter.push(f.path);
    if (a.missing.length === 0) continue;
    for (const name of mappable(f.elf?.dlopen.length ? a : null, a.missing)) {
      let n = needs.get(name);
      if (n === undefined) {
        n = { files: new Set<string>(), roles: new Map<string, Role>(), versions: new Set<string>() };
        needs.set(name, n);
      }
      n.files.add(f.path);
      n.roles.set(f.path, a.role);
      for (const x of a.externalVersionNeeds) if (x.file === name) for (const v of x.versions) n.versions.add(v);
    }
  }
  return { needs, interpreter: interpreter.sort() };
}

/**
 * The sonames to find packages for: the analysis' missing names, less paths and, for a root with
 * dlopen notes (only a root's own notes are requested), names only its optional dlopen entries want.
 */
function mappable(withDlopen: Analysis | null, missing: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of missing) {
    if (name.includes("/")) continue;
    if (withDlopen !== null && !withDlopen.edges.some((e) => e.name === name && isMissing(e.status) && !isOptionalDlopen(e.labels))) continue;
    out.push(name);
  }
  return out;
}

interface Choice {
  attr: string;
  confidence: Confidence;
  reason: ChoiceReason;
  evidence: Evidence | null;
  warnings: MappingWarning[];
}

/** A choice with the sonames it serves and the files (and their roles) that need them. */
type Group = Choice & { sonames: Set<string>; files: Set<string>; roles: Map<string, Role> };

/** The attributes chosen so far, each with what it serves; a group is only as sure as its least sure member. */
class Groups {
  private readonly byAttr = new Map<string, Group>();

  has(attr: string): boolean {
    return this.byAttr.has(attr);
  }

  add(soname: string, need: Need, choice: Choice): void {
    const group = this.byAttr.get(choice.attr) ?? {
      ...choice,
      warnings: [],
      sonames: new Set<string>(),
      files: new Set<string>(),
      roles: new Map<string, Role>(),
    };
    group.sonames.add(soname);
    for (const f of need.files) group.files.add(f);
    for (const [k, v] of need.roles) group.roles.set(k, v);
    for (const w of choice.warnings) if (!group.warnings.includes(w)) group.warnings.push(w);
    if (rank(choice.confidence) > rank(group.confidence)) {
      group.confidence = choice.confidence;
      group.reason = choice.reason;
    }
    if (evidenceRank(choice.evidence) > evidenceRank(group.evidence)) group.evidence = choice.evidence;
    this.byAttr.set(choice.attr, group);
  }

  /** The groups as the report has them: most files first, each group's files split by role. */
  packages(): PackageChoice[] {
    return [...this.byAttr.values()]
      .map((group) => {
        // One pass over the group's files (sorted once) splits them by role, keeping the order.
        const files = [...group.files].sort();
        const neededBy = { executables: [] as string[], addons: [] as string[], libraries: [] as string[] };
        for (const f of files) {
          const role = group.roles.get(f);
          if (role === "executable") neededBy.executables.push(f);
          else if (role === "addon") neededBy.addons.push(f);
          else if (role === "library") neededBy.libraries.push(f);
        }
        return {
          attr: group.attr,
          sonames: [...group.sonames].sort(),
          files,
          neededBy,
          confidence: group.confidence,
          reason: group.reason,
          evidence: group.evidence,
          warnings: group.warnings,
        };
      })
      .sort((a, b) => b.files.length - a.files.length || compare(a.attr, b.attr));
  }
}

/** What the table says about one soname in a release. */
type TableAnswer =
  | { kind: "choice"; choice: Choice }
  | { kind: "driver" }
  | { kind: "unmapped"; replacement: string | null; why: UnmappedWhy }
  | { kind: "unknown" };

/** The table's answer for `soname`, needed as `need` describes, in `release`. */
function fromTable(soname: string, need: Need, release: NixpkgsRelease): TableAnswer {
  const hit = lookup(soname);
  if (!hit) return { kind: "unknown" };
  const row = hit.row;
  switch (row.class) {
    case "driver":
      return { kind: "driver" };
    case "glibc":
      return { kind: "unmapped", replacement: null, why: { code: "part-of-glibc", note: row.note } };
    case "musl":
      return { kind: "unmapped", replacement: null, why: { code: "musl" } };
    case "none":
      return { kind: "unmapped", replacement: row.note, why: { code: "not-in-nixpkgs", files: [...row.files] } };
    default:
      break;
  }
  if (hit.attr === null && row.class === "app-internal") {
    return { kind: "unmapped", replacement: null, why: { code: "private-library", note: row.note, files: [...row.files] } };
  }
  if (hit.attr === null) return { kind: "unmapped", replacement: row.note, why: { code: "not-in-nixpkgs", files: [...row.files] } };
  let attr = hit.attr;
  const warnings: MappingWarning[] = [];
  if (soname === "libstdc++.so.6" || soname === "libgcc_s.so.1") {
    const gcc = libstdcxxFor([...need.versions], release);
    if (gcc === null) return { kind: "unmapped", replacement: null, why: { code: "gcc-too-old", needs: [...need.versions].sort(), release } };
    attr = gcc.attr;
    if (!gcc.isDefault) warnings.push({ code: "gcc-beyond-default", needs: beyondDefaultGcc([...need.versions], release) ?? "", release, gcc: gcc.gcc.attr });
    if (gcc.beyondVerified) warnings.push({ code: "gcc-ceiling-unverified", gcc: gcc.gcc.attr });
  }
  // A release whose provider of this soname differs although no attribute was renamed (libxml2.so.2
  // was libxml2's until 25.05, libxml2_13's since 25.11): the table row's per-release column, else
  // the release data's override.
  const inRelease = rowAttrInRelease(row.releases, soname, attr, release);
  if (inRelease.attr === null) return { kind: "unmapped", replacement: row.note, why: { code: "missing-in-release", attr, release, note: row.note } };
  if (!inRelease.certain) warnings.push({ code: "name-unverified", attr: inRelease.attr, release });
  if (row.class === "app-internal") warnings.push({ code: "app-internal", soname, attr: inRelease.attr });
  if (row.note && /insecure/i.test(row.note)) warnings.push({ code: "insecure", attr: inRelease.attr });
  const checked = row.evidence !== "none";
  return {
    kind: "choice",
    choice: {
      attr: inRelease.attr,
      confidence: checked ? "table" : "table-unverified",
      reason: { code: "table", files: [...row.files], checked },
      evidence: row.evidence,
      warnings,
    },
  };
}

export function mapReport(report: ScanReport, options: MapOptions): Mapping {
  const { needs, interpreter } = collectNeeds(report);
  const groups = new Groups();
  const drivers: DriverNeed[] = [];
  const unmapped: UnmappedSoname[] = [];
  const notes: MappingNote[] = [];
  const later: [string, Need][] = [];
  const cmd = options.locateCommand ?? ((s: string) => nixLocateCommand(s).join(" "));
  const unmap = (soname: string, need: Need, replacement: string | null, why: UnmappedWhy | null = null) =>
    unmapped.push({ soname, files: [...need.files].sort(), why: why ?? { code: "look-up", command: cmd(soname) }, replacement });

  // 1. A pin (--prefer, config), else the table.
  for (const [soname, need] of [...needs].sort(([a], [b]) => compare(a, b))) {
    const pin = options.prefer?.[soname];
    if (pin !== undefined) {
      groups.add(soname, need, { attr: pin, confidence: "pinned", reason: { code: "pinned", soname, attr: pin }, evidence: null, warnings: [] });
      continue;
    }
    const answer = fromTable(soname, need, options.release);
    if (answer.kind === "choice") groups.add(soname, need, answer.choice);
    else if (answer.kind === "driver") drivers.push({ soname, files: [...need.files].sort() });
    else if (answer.kind === "unmapped") unmap(soname, need, answer.replacement, answer.why);
    else later.push([soname, need]);
  }

  // 2. Names the table does not know: the tree's own copy when it ships one (an application's private
  // library, not a nixpkgs package), else a sibling's attribute if nix-locate offers it, else nix-locate's first.
  const own = later.length > 0 ? ownLibraries(report, new Set(later.map(([soname]) => soname))) : new Map<string, OwnCopy[]>();
  const abiOf = later.length > 0 ? abis(report, new Set(later.flatMap(([, need]) => [...need.files]))) : new Map<string, string>();
  // nix-locate is asked until it fails once (not installed, no index): then not again.
  let locateDown = false;
  for (const [soname, need] of later) {
    // Only copies built for the machine and class of a file that needs the name (an aarch64 copy does not serve an x86_64 binary).
    const wanted = new Set([...need.files].map((f) => abiOf.get(f)));
    const copies = own.get(soname)?.filter((c) => wanted.has(c.abi));
    if (copies !== undefined && copies.length > 0) {
      const paths = [...new Set(copies.map((c) => c.path))].sort(compare);
      const owners = [...new Set(copies.map((c) => c.owner))];
      unmap(soname, need, null, { code: "own-library", paths, owner: owners.length === 1 ? owners[0]! : null });
      continue;
    }
    if (!locateDown && options.locate) {
      const res = options.locate(soname);
      if (!res.ok) {
        locateDown = true;
        notes.push({ code: "nix-locate-unavailable", reason: res.reason, output: res.output });
      } else if (res.attrs.length > 0) {
        const sibling = res.attrs.find((a) => groups.has(a));
        const attr = sibling ?? res.attrs[0]!;
        const warnings: MappingWarning[] = res.attrs.length > 1 && !sibling ? [{ code: "nix-locate-several", soname, offered: res.attrs }] : [];
        groups.add(soname, need, {
          attr,
          confidence: sibling ? "sibling" : "nix-locate",
          reason: sibling ? { code: "sibling", attr } : { code: "nix-locate" },
          evidence: null,
          warnings,
        });
        continue;
      }
    }
    unmap(soname, need, null);
  }

  return { release: options.release, system: options.system, packages: groups.packages(), drivers, unmapped, interpreterNeeded: interpreter, notes };
}

interface OwnCopy {
  path: string;
  owner: string | null;
  /** "machine/class": a copy serves only files built for the same. */
  abi: string;
}

/** "machine/class" of an ELF file: a copy serves only files built for the same. */
const abiText = (elf: { machineCode: number; class: number }) => `${elf.machineCode}/${elf.class}`;

/**
 * The libraries the scan found under the names asked for (their DT_SONAME or a file name), with the
 * application that ships each. Only those names: on a whole /usr/lib every library would be indexed.
 */
function ownLibraries(report: ScanReport, names: ReadonlySet<string>): Map<string, OwnCopy[]> {
  const out = new Map<string, OwnCopy[]>();
  for (const f of report.files) {
    if (f.elf === null || f.elf.type !== "DYN") continue;
    const elf = f.elf;
    let copy: OwnCopy | null = null;
    const put = (name: string) => {
      if (!names.has(name)) return;
      copy ??= { path: f.path, owner: f.package?.name ?? ownerDir(f.path), abi: abiText(elf) };
      const list = out.get(name);
      if (list) list.push(copy);
      else out.set(name, [copy]);
    };
    if (elf.soname !== null) put(elf.soname);
    for (const p of f.paths) {
      const base = p.slice(p.lastIndexOf("/") + 1);
      if (base !== elf.soname) put(base);
    }
  }
  return out;
}

/** The ABI of each of the files given ("" for one that is not ELF). */
function abis(report: ScanReport, paths: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of report.files) if (paths.has(f.path)) out.set(f.path, f.elf ? abiText(f.elf) : "");
  return out;
}

/** The application a path names: the directory right under lib/, lib64/ or opt/ (not a multiarch triplet), else null. */
function ownerDir(path: string): string | null {
  const parts = path.split("/");
  for (let i = parts.length - 3; i >= 0; i--) {
    const here = parts[i]!;
    const next = parts[i + 1]!;
    if ((here === "lib" || here === "lib64" || here === "opt") && !next.includes("-linux-")) return next;
  }
  return null;
}

function rank(confidence: Confidence): number {
  return ["pinned", "table", "sibling", "table-unverified", "nix-locate"].indexOf(confidence);
}

/** Weaker evidence ranks higher; a choice without a table row (null) ranks below every kind, so any row's kind replaces it. */
function evidenceRank(evidence: Evidence | null): number {
  return evidence === null ? -1 : ["ships", "consumer", "exists", "none"].indexOf(evidence);
}

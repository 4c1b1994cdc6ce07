// Literal scan reports and mappings for the Nix emitters: the golden cases and the hostile-name case.
// Deterministic by construction (no filesystem, no clock); shared by the tests and update-golden.mjs.
import { headerOnlyInfo } from "../../src/elf/parse.js";
import type { ElfInfo } from "../../src/elf/types.js";
import type { NixpkgsRelease } from "../../src/loader/profiles.js";
import type { Analysis, Edge, Role, Verdict } from "../../src/loader/types.js";
import { EVIDENCE_KINDS } from "../../src/model/mapping.js";
import type { FileReport, ScanReport } from "../../src/model/report.js";
import { lookup } from "../../src/nixpkgs/table.js";
import type { Mapping, MappingWarning, PackageChoice } from "../../src/nixpkgs/types.js";
import { type EmitName, type EmitOptions, emitters } from "../../src/render/nix/index.js";

export interface FileSpec {
  path: string;
  role: Role;
  verdict: Verdict;
  interp?: "fhs-missing" | "musl" | "nix-store" | "nonstandard" | null;
  /** Missing sonames (DT_NEEDED, or dlopen notes when prefixed with "dlopen:"). */
  missing?: string[];
  loadedBy?: string[];
  versions?: { file: string; versions: string[] }[];
  payload?: number;
  class32?: boolean;
}

function elf(s: FileSpec): ElfInfo {
  const is32 = s.class32 === true;
  return {
    ...headerOnlyInfo({
      class: is32 ? 32 : 64,
      endian: "little",
      machine: is32 ? "i386" : "x86_64",
      machineCode: is32 ? 3 : 62,
      osAbi: "SYSV",
      osAbiCode: 0,
      abiVersion: 0,
      type: "DYN",
      typeCode: 3,
      flags: 0,
    }),
    kind: s.role === "executable" ? "dynamic-executable" : "shared-object",
    interpreter: s.role === "executable" ? (is32 ? "/lib/ld-linux.so.2" : "/lib64/ld-linux-x86-64.so.2") : null,
    hasDynamic: true,
    needed: (s.missing ?? []).filter((m) => !m.startsWith("dlopen:")),
    libc: "glibc",
    trailingPayload: s.payload ? { offset: 4096, size: s.payload } : null,
    loadSegments: 2,
  };
}

function analysis(s: FileSpec): Analysis {
  const edges: Edge[] = (s.missing ?? []).map((m) => {
    const dl = m.startsWith("dlopen:");
    const name = dl ? m.slice("dlopen:".length) : m;
    return { requester: s.path, name, status: "missing", via: null, labels: dl ? ["dlopen-required"] : [], path: null, tried: [], note: null };
  });
  const interp = s.interp === undefined ? (s.role === "executable" ? "fhs-missing" : null) : s.interp;
  return {
    role: s.role,
    verdict: s.verdict,
    problems:
      s.verdict === "needs-newer-glibc" ? [{ code: "glibc-too-old", version: "GLIBC_2.43", release: "nixpkgs 26.05 (glibc 2.42)", targetGlibc: "2.42" }] : [],
    interpreter: interp === null ? null : { path: interp === "musl" ? "/lib/ld-musl-x86_64.so.1" : "/lib64/ld-linux-x86-64.so.2", status: interp },
    host: s.role === "addon" ? { name: "node", assumption: { code: "nixpkgs-nodejs", loaded: ["libstdc++.so.6"] } } : null,
    edges,
    missing: edges.map((e) => e.name).sort(),
    versionProblems: [],
    externalVersionNeeds: s.versions ?? [],
    loadedBy: s.loadedBy ?? [],
  };
}

export function report(roots: string[], specs: FileSpec[]): ScanReport {
  const files: FileReport[] = specs.map((s) => ({
    path: s.path,
    paths: [s.path],
    size: 1000 + (s.payload ?? 0),
    elf: elf(s),
    errors: [],
    warnings: [],
    analysis: analysis(s),
  }));
  return {
    schemaVersion: 3,
    tool: { name: "nix-bincheck", version: "0.1.0" },
    roots,
    options: { allFiles: false, resolve: true, system: null, host: null },
    files,
    scripts: [],
    symlinks: [],
    packageIssues: [],
    notChecked: [],
    foundOutside: [],
    packages: [],
    problems: [],
    summary: {
      regularFiles: files.length,
      sniffed: files.length,
      skippedByName: 0,
      elfFiles: files.length,
      hardLinkedPaths: 0,
      special: 0,
      symlinks: 0,
      nonElf: {},
      problems: 0,
      filesWithErrors: 0,
    },
  };
}

export function pkg(
  attr: string,
  sonames: string[],
  by: { executables?: string[]; addons?: string[]; libraries?: string[] },
  warnings: MappingWarning[] = [],
): PackageChoice {
  const neededBy = { executables: by.executables ?? [], addons: by.addons ?? [], libraries: by.libraries ?? [] };
  const files = [...neededBy.executables, ...neededBy.addons, ...neededBy.libraries].sort();
  // The evidence the real table has for these sonames: the weakest of their rows.
  const kinds = sonames.map((s) => lookup(s)?.row.evidence ?? "none");
  const evidence = EVIDENCE_KINDS.findLast((k) => kinds.includes(k)) ?? null;
  return { attr, sonames, files, neededBy, confidence: "table", reason: { code: "table", files: ["pkgs/stand-in.nix"], checked: true }, evidence, warnings };
}

export function mapping(release: NixpkgsRelease, system: string, parts: Partial<Omit<Mapping, "release" | "system">>): Mapping {
  return { release, system, packages: [], drivers: [], unmapped: [], interpreterNeeded: [], notes: [], ...parts };
}

/** A vendored tree: CLI tools, a bundled library, an addon, a bun-style binary, a GPU user. */
const basicFiles: FileSpec[] = [
  {
    path: "vendor/bin/app",
    role: "executable",
    verdict: "needs-libraries",
    missing: ["libz.so.1", "libX11.so.6", "libstdc++.so.6", "libfoo.so.1", "libcuda.so.1", "dlopen:libsecret-1.so.0"],
    versions: [{ file: "libstdc++.so.6", versions: ["GLIBCXX_3.4.30"] }],
  },
  { path: "vendor/bin/tool", role: "executable", verdict: "needs-interpreter" },
  { path: "vendor/bin/bunapp", role: "executable", verdict: "needs-interpreter", payload: 52_000_000 },
  { path: "vendor/lib/libbundled.so", role: "library", verdict: "needs-libraries", missing: ["libxml2.so.2"], loadedBy: ["vendor/bin/app"] },
  { path: "vendor/node_modules/x/build/Release/x.node", role: "addon", verdict: "needs-libraries", interp: null, missing: ["libX11.so.6", "libuuid.so.1"] },
];

export const CASES: Record<string, { report: ScanReport; mapping: Mapping; opts?: EmitOptions }> = {
  basic: {
    report: report(["vendor"], basicFiles),
    mapping: mapping("26.05", "x86_64-linux", {
      packages: [
        pkg("libx11", ["libX11.so.6"], { executables: ["vendor/bin/app"], addons: ["vendor/node_modules/x/build/Release/x.node"] }),
        pkg("stdenv.cc.cc", ["libstdc++.so.6"], { executables: ["vendor/bin/app"] }),
        pkg("zlib", ["libz.so.1"], { executables: ["vendor/bin/app"] }),
        pkg("libxml2_13", ["libxml2.so.2"], { libraries: ["vendor/lib/libbundled.so"] }),
        pkg("libsecret", ["libsecret-1.so.0"], { executables: ["vendor/bin/app"] }),
        pkg("util-linux", ["libuuid.so.1"], { addons: ["vendor/node_modules/x/build/Release/x.node"] }),
      ],
      drivers: [{ soname: "libcuda.so.1", files: ["vendor/bin/app"] }],
      unmapped: [
        {
          soname: "libfoo.so.1",
          files: ["vendor/bin/app"],
          why: { code: "look-up", command: "nix-locate --minimal --at-root --whole-name /lib/libfoo.so.1" },
          replacement: null,
        },
      ],
      interpreterNeeded: ["vendor/bin/app", "vendor/bin/bunapp", "vendor/bin/tool"],
    }),
  },
  i686: {
    report: report(
      ["game"],
      [{ path: "game/game32", role: "executable", verdict: "needs-libraries", class32: true, missing: ["libz.so.1", "libSDL2-2.0.so.0", "libGL.so.1"] }],
    ),
    mapping: mapping("25.11", "i686-linux", {
      packages: [
        pkg("SDL2", ["libSDL2-2.0.so.0"], { executables: ["game/game32"] }),
        pkg("libGL", ["libGL.so.1"], { executables: ["game/game32"] }),
        pkg("zlib", ["libz.so.1"], { executables: ["game/game32"] }),
      ],
      interpreterNeeded: ["game/game32"],
    }),
  },
  "binary-option": {
    report: report(
      ["/opt/tools"],
      [
        { path: "/opt/tools/a", role: "executable", verdict: "needs-libraries", missing: ["libz.so.1"] },
        { path: "/opt/tools/b", role: "executable", verdict: "needs-libraries", missing: ["libssl.so.3"] },
      ],
    ),
    mapping: mapping("25.05", "x86_64-linux", {
      packages: [pkg("zlib", ["libz.so.1"], { executables: ["/opt/tools/a"] }), pkg("openssl", ["libssl.so.3"], { executables: ["/opt/tools/b"] })],
      interpreterNeeded: ["/opt/tools/a", "/opt/tools/b"],
    }),
    opts: { binary: "/opt/tools/b" },
  },
  // Two roots, one of them a single file, and absolute paths anchored at --base-dir style baseDir.
  multiroot: {
    report: report(
      ["vendor", "../dl/tool.bin"],
      [
        { path: "vendor/bin/app", role: "executable", verdict: "needs-libraries", missing: ["libz.so.1"] },
        { path: "../dl/tool.bin", role: "executable", verdict: "needs-libraries", missing: ["libssl.so.3"], interp: "nonstandard" },
      ],
    ),
    mapping: mapping("unstable", "aarch64-linux", {
      packages: [pkg("zlib", ["libz.so.1"], { executables: ["vendor/bin/app"] }), pkg("openssl", ["libssl.so.3"], { executables: ["../dl/tool.bin"] })],
      interpreterNeeded: ["vendor/bin/app"],
    }),
    opts: { baseDir: "/home/u/my project" },
  },
  nothing: { report: report(["."], [{ path: "./ok", role: "executable", verdict: "ok", interp: "nix-store" }]), mapping: mapping("26.05", "x86_64-linux", {}) },
};

/** File and soname fragments that break naive Nix or shell generation. */
export const HOSTILE = [
  'a"b',
  '${builtins.abort "x"}',
  "''$",
  "x'y",
  "new\nline",
  "back\\slash",
  "tab\tand\u001bESC",
  " lead",
  "é😀",
  "$${x}",
  "'${y}'",
  "cr\rx",
  "sp ace*?[",
  "-dash",
];

/** A tree whose every file name, directory name and soname is hostile. */
export function hostileCase(): { report: ScanReport; mapping: Mapping } {
  const root = "t ${r}'";
  const exes = HOSTILE.map((h, i) => `${root}/${h}/${h}${i}`);
  const addon = `${root}/${HOSTILE[0]}/${HOSTILE[1]}.node`;
  const specs: FileSpec[] = [
    ...exes.map(
      (p, i): FileSpec => ({
        path: p,
        role: "executable",
        verdict: "needs-libraries",
        missing: ["libz.so.1", `lib${HOSTILE[i]}.so.1`, `libdrv${HOSTILE[i]}.so`],
        payload: i === 1 ? 10 : 0,
      }),
    ),
    { path: addon, role: "addon", verdict: "needs-libraries", interp: null, missing: ["libz.so.1"] },
  ];
  return {
    report: report([root], specs),
    mapping: mapping("26.05", "x86_64-linux", {
      packages: [
        pkg("zlib", ["libz.so.1"], { executables: exes, addons: [addon] }, [{ code: "app-internal", soname: "lib${x}.so\nwith a newline", attr: "zlib" }]),
      ],
      drivers: HOSTILE.map((h, i) => ({ soname: `libdrv${h}.so`, files: [exes[i]!] })),
      unmapped: HOSTILE.map((h, i) => ({
        soname: `lib${h}.so.1`,
        files: [exes[i]!],
        why: { code: "look-up" as const, command: `nix-locate /lib/lib${h}.so.1` },
        replacement: i % 2 === 0 ? `use ${h}` : null,
      })),
      interpreterNeeded: exes,
      notes: [{ code: "nix-locate-unavailable", reason: "failed", output: "a note with ${interpolation} and ''quotes''" }],
    }),
  };
}

export const GOLDEN_EMITTERS: readonly EmitName[] = ["nix-ld", "shell", "wrapper", "patchelf"];

/** Every golden file name with the text it must hold. */
export function goldenOutputs(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, c] of Object.entries(CASES)) for (const e of GOLDEN_EMITTERS) out.set(`${e}.${name}.nix`, emitters[e](c.report, c.mapping, c.opts ?? {}));
  const h = hostileCase();
  for (const e of GOLDEN_EMITTERS) out.set(`${e}.hostile.nix`, emitters[e](h.report, h.mapping, {}));
  return out;
}

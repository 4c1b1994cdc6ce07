// Seeded mutation fuzzing of parseElf over real and synthetic ELF files, within a time budget.
// Reproduce a failure with FUZZ_SEED=<seed printed in the message> npx vitest run test/elf/fuzz.test.ts
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseElf } from "../../src/elf/parse.js";
import { memorySource } from "../../src/elf/source.js";
import type { ByteSource, ElfErrorCode, ElfParseResult } from "../../src/elf/types.js";
import { ELF_ERROR_CODES } from "../../src/model/elf.js";
import { elfErrorText, fileWarningText } from "../../src/render/words/index.js";
import { buildElf, DF_1, ET } from "../support/elf-builder.js";
import { countingSource, fileSource } from "../support/sources.js";

const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 8000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const LIBDIR = "/usr/lib/x86_64-linux-gnu";
const CODES = new Set<ElfErrorCode>(ELF_ERROR_CODES);

/** mulberry32: small, seedable, good enough to pick mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The file with byte patches and an optional cut, served without copying the whole file. */
function overlaySource(base: Uint8Array, patches: Map<number, number>, size: number): ByteSource {
  return {
    size,
    read(offset: number, length: number): Uint8Array {
      if (offset >= size || length <= 0) return new Uint8Array(0);
      const out = new Uint8Array(base.subarray(offset, Math.min(size, offset + length))); // a copy (Buffer#slice is a view)
      for (const [at, v] of patches) if (at >= offset && at < offset + out.length) out[at - offset] = v;
      return out;
    },
  };
}

/** Byte ranges the reader touches on the clean file: mutations aim there. */
function hotRanges(bytes: Uint8Array): [number, number][] {
  const ranges: [number, number][] = [];
  const inner = memorySource(bytes);
  parseElf({
    size: inner.size,
    read: (o, l) => {
      ranges.push([o, Math.min(l, 4096)]);
      return inner.read(o, l);
    },
  });
  return ranges;
}

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 2 ** 53 + 1, 2 ** 63, 2 ** 64 - 1];

function mutate(
  rand: () => number,
  bytes: Uint8Array,
  hot: [number, number][],
  donor: Uint8Array,
): { patches: Map<number, number>; size: number; what: string } {
  const patches = new Map<number, number>();
  let size = bytes.length;
  const pick = (n: number) => Math.floor(rand() * n);
  const hotOffset = (): number => {
    if (rand() < 0.1 || hot.length === 0) return pick(bytes.length);
    const [o, l] = hot[pick(hot.length)]!;
    return Math.min(bytes.length - 1, o + pick(l));
  };
  const ops: string[] = [];
  for (let k = 1 + pick(4); k > 0; k--) {
    const op = pick(10);
    if (op < 4) {
      const at = hotOffset();
      patches.set(at, pick(256));
      ops.push(`byte@${at}`);
    } else if (op < 7) {
      const width = [2, 4, 8][pick(3)]!;
      const at = hotOffset() & ~(width - 1);
      let v = BigInt.asUintN(64, BigInt(INTERESTING[pick(INTERESTING.length)]!) + BigInt(pick(3) - 1));
      const little = rand() < 0.5;
      for (let i = 0; i < width; i++, v >>= 8n) patches.set(little ? at + i : at + width - 1 - i, Number(v & 0xffn));
      ops.push(`int${width * 8}@${at}`);
    } else if (op < 8) {
      size = rand() < 0.5 ? hotOffset() : pick(bytes.length + 1);
      ops.push(`cut@${size}`);
    } else {
      const at = hotOffset();
      const len = 1 + pick(128);
      const from = pick(Math.max(1, donor.length - len));
      for (let i = 0; i < len && at + i < bytes.length; i++) patches.set(at + i, donor[from + i] ?? 0);
      ops.push(`splice${len}@${at}`);
    }
  }
  return { patches, size: Math.min(size, bytes.length), what: ops.join(",") };
}

/** The error reasons the fuzz run met (it must meet most of the closed set). */
const reasonsSeen = new Set<string>();

/** Structural bounds: nothing in the result may outgrow what the file could hold. */
function checkBounded(r: ElfParseResult, size: number): string | null {
  for (const e of r.errors) {
    if (!CODES.has(e.code)) return `unknown error code ${e.code}`;
    // Every error and warning the reader can produce has words: one line, with every fact filled in.
    const text = elfErrorText(e.detail);
    if (!text || /\n|undefined|NaN|\[object/.test(text)) return `bad words for ${JSON.stringify(e)}: ${JSON.stringify(text)}`;
    reasonsSeen.add(e.detail.reason);
  }
  for (const w of r.warnings) {
    const text = fileWarningText(w);
    if (!text || /\n|undefined|NaN|\[object/.test(text)) return `bad words for ${JSON.stringify(w)}: ${JSON.stringify(text)}`;
  }
  const i = r.info;
  if (!i) return null;
  const lists: [string, number, number][] = [
    ["needed+auxiliary+filter", i.needed.length + i.auxiliary.length + i.filter.length, size / 8],
    ["versionNeeds", i.versionNeeds.length, size / 16],
    ["versionNeeds.versions", i.versionNeeds.reduce((n, v) => n + v.versions.length, 0), size / 16],
    ["versionDefs", i.versionDefs.length, size / 20],
    ["dlopen", i.dlopen.length, size / 12],
  ];
  for (const [name, n, max] of lists) if (n > max) return `${name} has ${n} entries; a ${size}-byte file holds at most ${Math.floor(max)}`;
  const strings = [
    i.interpreter,
    i.rpath,
    i.runpath,
    i.soname,
    ...i.needed,
    ...i.auxiliary,
    ...i.filter,
    ...i.versionNeeds.flatMap((v) => [v.file, ...v.versions.map((x) => x.name)]),
    ...i.versionDefs.map((d) => d.name),
  ];
  for (const s of strings) if (s !== null && s.length > size) return `a ${s.length}-char string from a ${size}-byte file`;
  return null;
}

/**
 * The largest library here that has DT_NEEDED entries (so the parse must reach its dynamic section).
 * Data-only libraries (libicudata: 31 MB, no DT_NEEDED) are passed over: which one is largest
 * depends on what the machine has installed.
 */
function largestLibrary(): string | null {
  const sized: [string, number][] = [];
  for (const name of readdirSync(LIBDIR)) {
    if (!/\.so(\.|$)/.test(name)) continue;
    try {
      const p = realpathSync(join(LIBDIR, name));
      sized.push([p, statSync(p).size]);
    } catch {
      // dangling
    }
  }
  sized.sort((a, b) => b[1] - a[1]);
  for (const [p, size] of sized) {
    if (size <= 4 << 20) break;
    const file = fileSource(p);
    try {
      if ((parseElf(file).info?.needed.length ?? 0) > 0) return p;
    } finally {
      file.close();
    }
  }
  return null;
}

const corpus: [string, Uint8Array][] = [
  ["/usr/bin/ls", readFileSync("/usr/bin/ls")],
  ["libc.so.6", readFileSync(join(LIBDIR, "libc.so.6"))],
  [
    "builder 32-bit big-endian",
    buildElf({
      class: 32,
      endian: "big",
      machine: 8,
      type: ET.EXEC,
      interp: "/lib/ld.so.1",
      sections: "full",
      dynamic: {
        needed: ["libc.so.6", "libm.so.6"],
        rpath: "$ORIGIN",
        verneed: [{ file: "libc.so.6", versions: [{ name: "GLIBC_2.0" }, { name: "GLIBC_2.1" }] }],
        verdef: [{ name: "x", flags: 1 }, { name: "X_1" }],
      },
    }).bytes,
  ],
  [
    "builder 64-bit little-endian",
    buildElf({
      interp: "/lib/ld.so",
      notes: [
        { name: "FDO", type: 0x407c0c0a, desc: new TextEncoder().encode('[{"feature":"f","soname":["libx.so.1","liby.so.2"],"priority":"required"}]\0') },
      ],
      dynamic: { needed: ["liba.so"], runpath: "/r", flags1: DF_1.PIE, verneed: [{ file: "liba.so", versions: [{ name: "A_1", weak: true }] }] },
    }).bytes,
  ],
];

describe("fuzz", () => {
  it(
    `mutated files never throw, return quickly, and stay bounded (seed ${SEED})`,
    () => {
      const rand = prng(SEED);
      const per = BUDGET_MS / corpus.length;
      let total = 0;
      let deep = 0;
      const byCode = new Map<string, number>();
      for (const [name, bytes] of corpus) {
        const hot = hotRanges(bytes);
        const donor = corpus[Math.floor(rand() * corpus.length)]![1];
        const until = performance.now() + per;
        for (let iter = 0; performance.now() < until; iter++, total++) {
          const m = mutate(rand, bytes, hot, donor);
          const where = `seed ${SEED}, ${name}, iteration ${iter}, mutations ${m.what}`;
          const t0 = performance.now();
          let r: ElfParseResult;
          try {
            r = parseElf(overlaySource(bytes, m.patches, m.size));
          } catch (e) {
            throw new Error(`parseElf threw (${where}): ${(e as Error).stack}`);
          }
          const ms = performance.now() - t0;
          if (ms > 500) throw new Error(`parseElf took ${ms.toFixed(0)} ms (${where})`);
          const bad = checkBounded(r, m.size);
          if (bad) throw new Error(`${bad} (${where})`);
          if ((r.info?.needed.length ?? 0) > 0) deep++;
          const c = r.errors[0]?.code ?? "ok";
          byCode.set(c, (byCode.get(c) ?? 0) + 1);
        }
      }
      console.log(
        `fuzz: ${total} mutated parses, seed ${SEED}, ${deep} reached DT_NEEDED strings; first error: ${JSON.stringify(Object.fromEntries(byCode))}; ` +
          `${reasonsSeen.size} error reasons met (${[...reasonsSeen].sort().join(" ")})`,
      );
      expect(total).toBeGreaterThan(1000);
      // Mutations aim at the bytes the reader reads, so a good share must still get deep into the file.
      expect(deep / total).toBeGreaterThan(0.2);
      // ...and meet most ways a file can be wrong (18 of the 22 reasons when written; the rest need a
      // file that shrinks or a read that fails, which the hostile tests make).
      expect(reasonsSeen.size).toBeGreaterThanOrEqual(15);
    },
    BUDGET_MS + 30_000,
  );
});

describe("reads stay small on large files", () => {
  /** libc.so.6 (~2 MiB): at most 64 KiB; the largest library here (often 100+ MiB): under 1% and 1 MiB. */
  const big = largestLibrary();
  const cases: [string, (size: number) => number][] = [[join(LIBDIR, "libc.so.6"), () => 64 * 1024]];
  if (big) cases.push([big, (size) => Math.min(size / 100, 1 << 20)]);
  it.each(cases)("%s", (path, limit) => {
    const file = fileSource(path);
    try {
      const src = countingSource(file);
      const r = parseElf(src);
      expect(r.errors).toEqual([]);
      expect(r.info?.needed.length).toBeGreaterThan(0);
      expect(src.size).toBeGreaterThan(1 << 20);
      expect(src.bytesRead, `${src.calls} reads`).toBeLessThanOrEqual(limit(src.size));
    } finally {
      file.close();
    }
  });
});

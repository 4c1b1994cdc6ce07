// Runs binutils `readelf -h -l -d -V --wide` over many files (batched, in parallel) and parses its text.
import { spawn, spawnSync } from "node:child_process";

export interface ReadelfFacts {
  file: string;
  class: 32 | 64 | null;
  /** e_machine, from readelf's machine name (null if the name is not in READELF_MACHINES). */
  machineCode: number | null;
  machineName: string | null;
  interpreter: string | null;
  needed: string[];
  soname: string | null;
  rpath: string | null;
  runpath: string | null;
  /** file -> version names, from the .gnu.version_r section. */
  versionNeeds: Map<string, Set<string>>;
  shoff: number | null;
  shnum: number | null;
  shentsize: number | null;
  segments: { type: string; offset: number; filesz: number }[];
}

/** readelf's machine names -> e_machine (binutils elfcomm/readelf get_machine_name). */
export const READELF_MACHINES: Record<string, number> = {
  "Advanced Micro Devices X86-64": 62,
  "Intel 80386": 3,
  AArch64: 183,
  ARM: 40,
  "RISC-V": 243,
  PowerPC: 20,
  PowerPC64: 21,
  "IBM S/390": 22,
  "MIPS R3000": 8,
  Sparc: 2,
  "Sparc v9": 43,
  LoongArch: 258,
  // Debian's arch-test package (a debootstrap recommendation) installs these in /usr/lib/arch-test.
  Alpha: 0x9026,
  ARCv2: 195,
  HPPA: 15,
  "Intel IA-64": 50,
  MC68000: 4,
  "Renesas / SuperH SH": 42,
};

export const READELF_ARGS = ["-h", "-l", "-d", "-V", "--wide"];

export function readelfAvailable(): boolean {
  const r = spawnSync("readelf", ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

function empty(file: string): ReadelfFacts {
  return {
    file,
    class: null,
    machineCode: null,
    machineName: null,
    interpreter: null,
    needed: [],
    soname: null,
    rpath: null,
    runpath: null,
    versionNeeds: new Map(),
    shoff: null,
    shnum: null,
    shentsize: null,
    segments: [],
  };
}

const RE = {
  file: /^File: (.*)$/,
  cls: /^ {2}Class:\s+ELF(32|64)$/,
  machine: /^ {2}Machine:\s+(.*?)\s*$/,
  shoff: /^ {2}Start of section headers:\s+(\d+)/,
  shnum: /^ {2}Number of section headers:\s+(\d+)(?: \((\d+)\))?/,
  shentsize: /^ {2}Size of section headers:\s+(\d+)/,
  seg: /^ {2}([A-Z_]+|LOOS\+0x[0-9a-f]+|LOPROC\+0x[0-9a-f]+)\s+0x([0-9a-f]+) 0x[0-9a-f]+ 0x[0-9a-f]+ 0x([0-9a-f]+) 0x[0-9a-f]+ /,
  interp: /^\s+\[Requesting program interpreter: (.*)\]$/,
  dyn: /^ 0x[0-9a-f]+ \((NEEDED|SONAME|RPATH|RUNPATH)\)\s+(?:Shared library|Library soname|Library rpath|Library runpath): \[(.*)\]$/,
  vnFile: /^ {2}[0-9a-fx]+: Version: \d+ {2}File: (.*) {2}Cnt: \d+$/,
  vnName: /^ {2}0x[0-9a-f]+: {3}Name: (.*) {2}Flags: .* {2}Version: \d+$/,
};

/** Parse readelf's output for `files` (in the order given to readelf). */
export function parseReadelf(text: string, files: string[]): ReadelfFacts[] {
  const out: ReadelfFacts[] = [];
  let cur: ReadelfFacts | null = files.length === 1 ? empty(files[0]!) : null;
  if (cur) out.push(cur);
  let vnFile: string | null = null;
  let inPhdrs = false;
  for (const line of text.split("\n")) {
    let m = RE.file.exec(line);
    if (m && files.length > 1) {
      cur = empty(m[1]!);
      out.push(cur);
      vnFile = null;
      continue;
    }
    if (!cur) continue;
    if (line.startsWith("Program Headers:")) inPhdrs = true;
    else if (line === "") inPhdrs = false;
    if ((m = RE.cls.exec(line))) cur.class = m[1] === "64" ? 64 : 32;
    else if ((m = RE.machine.exec(line))) {
      cur.machineName = m[1]!;
      const unknown = /^<unknown>: 0x([0-9a-f]+)$/.exec(m[1]!);
      cur.machineCode = unknown ? parseInt(unknown[1]!, 16) : (READELF_MACHINES[m[1]!] ?? null);
    } else if ((m = RE.shoff.exec(line))) cur.shoff = Number(m[1]);
    else if ((m = RE.shnum.exec(line))) cur.shnum = Number(m[2] ?? m[1]);
    else if ((m = RE.shentsize.exec(line))) cur.shentsize = Number(m[1]);
    else if (inPhdrs && (m = RE.seg.exec(line))) cur.segments.push({ type: m[1]!, offset: parseInt(m[2]!, 16), filesz: parseInt(m[3]!, 16) });
    else if ((m = RE.interp.exec(line))) cur.interpreter = m[1]!;
    else if ((m = RE.dyn.exec(line))) {
      const v = m[2]!;
      if (m[1] === "NEEDED") cur.needed.push(v);
      else if (m[1] === "SONAME") cur.soname ??= v;
      else if (m[1] === "RPATH") cur.rpath ??= v;
      else cur.runpath ??= v;
    } else if ((m = RE.vnFile.exec(line))) {
      vnFile = m[1]!;
      if (!cur.versionNeeds.has(vnFile)) cur.versionNeeds.set(vnFile, new Set());
    } else if (vnFile !== null && (m = RE.vnName.exec(line))) cur.versionNeeds.get(vnFile)!.add(m[1]!);
  }
  return out;
}

/** Run readelf on one batch of files; the exit status is ignored (readelf fails on odd files but still prints). */
export function readelfBatch(files: string[]): Promise<ReadelfFacts[]> {
  return new Promise((resolve, reject) => {
    const p = spawn("readelf", [...READELF_ARGS, ...files], { env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    p.stdout.on("data", (c: Buffer) => chunks.push(c));
    p.on("error", reject);
    p.on("close", () => resolve(parseReadelf(Buffer.concat(chunks).toString("utf8"), files)));
  });
}

/** readelf over all files, `batch` files per process, `workers` processes at a time. */
export async function readelfMany(files: string[], batch = 150, workers = 2): Promise<Map<string, ReadelfFacts>> {
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += batch) batches.push(files.slice(i, i + batch));
  const result = new Map<string, ReadelfFacts>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const b = batches[next++]!;
      for (const f of await readelfBatch(b)) result.set(f.file, f);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return result;
}

/** `readelf -SW`: each section's name, type, file offset and size. */
export function readelfSections(file: string): { name: string; type: string; offset: number; size: number }[] {
  const r = spawnSync("readelf", ["-SW", file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`readelf -SW ${file} failed: ${r.stderr}`);
  const re = /^\s*\[\s*\d+\]\s+(\S*)\s+([A-Z][A-Z_0-9]*)\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)\s/;
  return r.stdout.split("\n").flatMap((line) => {
    const m = re.exec(line);
    return m ? [{ name: m[1]!, type: m[2]!, offset: Number.parseInt(m[3]!, 16), size: Number.parseInt(m[4]!, 16) }] : [];
  });
}

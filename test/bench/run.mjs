#!/usr/bin/env node
// npm run bench: time nix-bincheck against the I/O floor (floor.c: walk + read 64 bytes of every
// regular file) and against `scanelf -R` (pax-utils), on an npm tree with ~400 ELF files and on
// /usr/lib, plus --all-files / --no-resolve variants, a 1.2 GB sparse ELF file and start-up time.
//
//   node test/bench/run.mjs [--runs N] [--no-default-trees] [TREE...]
//
// NIX_BINCHECK_CMD="node /other/checkout/dist/nix-bincheck.mjs" benches another build (split on spaces,
// no quoting); the default is `node dist/nix-bincheck.mjs` of this checkout. Writes only under .cache/bench/.
// Needs gcc, GNU /usr/bin/time and scanelf; hyperfine is used for start-up when installed.
// Exit 0: report printed (a target may still FAIL). Exit 2: a tool is missing or a run failed.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BENCH = path.join(ROOT, "test/bench");
const CACHE = path.join(ROOT, ".cache/bench");
const TREE_DIR = path.join(CACHE, "node_modules-tree");
const INSTALL = ["install", "--force", "--no-audit", "--no-fund", "--ignore-scripts=false"];
// Comparable work: recurse, skip symlinks, no banner; type, class, machine, arch, interp, needed, rpath/runpath, soname.
const SCANELF = ["scanelf", "-R", "-y", "-B", "-F", "%F %o %M %a %i %n %r %S"];
const SPARSE_SIZE = 1200 * 2 ** 20;
const TARGETS = {
  "node_modules-tree": { floor: 1.0, scanelf: 3 },
  "/usr/lib": { floor: 1.5, scanelf: 2 },
};
// Issue 3: "resolution adds at most 20% to the whole-scan time": --json against --json --no-resolve.
const RESOLUTION_LIMIT_PCT = 20;
const RSS_LIMIT_MB = 150;
const STARTUP_LIMIT_MS = 60;

const { values: opts, positionals: extraTrees } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "5" }, "no-default-trees": { type: "boolean" }, help: { type: "boolean" } },
});
if (opts.help) {
  console.log("usage: node test/bench/run.mjs [--runs N] [--no-default-trees] [TREE...]");
  process.exit(0);
}
for (const t of extraTrees) if (!fs.existsSync(t)) die(`no such tree: ${t}`);
const RUNS = Number(opts.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) die(`--runs wants a positive integer, got ${opts.runs}`);

let failed = false; // a run that errored makes the exit code 2, after the report
function die(msg) {
  console.error(`bench: ${msg}`);
  process.exit(2);
}
const sha = (...parts) => createHash("sha256").update(parts.join("\0")).digest("hex");
const readOr = (file, fallback = null) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : fallback);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmtS = (s) => (s == null ? "n/a" : `${s.toFixed(3)} s`);
const fmtX = (x) => (x == null || !Number.isFinite(x) ? "n/a" : `${x.toFixed(2)}x`);
const onPath = (cmd) => (cmd.includes("/") ? fs.existsSync(cmd) : (process.env.PATH ?? "").split(":").some((d) => d && fs.existsSync(path.join(d, cmd))));

// ---- tools ---------------------------------------------------------------------------------------
const missing = [
  ["gcc", "gcc"],
  ["/usr/bin/time", "time"],
  ["scanelf", "pax-utils"],
].filter(([cmd]) => !onPath(cmd));
const timeVersion = missing.length ? null : spawnSync("/usr/bin/time", ["--version"], { encoding: "utf8" });
if (timeVersion && !/GNU/.test(`${timeVersion.stdout}${timeVersion.stderr}`)) missing.push(["GNU /usr/bin/time", "time"]);
if (missing.length) {
  for (const [cmd, pkg] of missing) console.error(`bench: missing ${cmd}; install it with: apt-get install ${pkg}`);
  process.exit(2);
}
const HYPERFINE = onPath("hyperfine");

const OURS = process.env.NIX_BINCHECK_CMD?.trim()
  ? process.env.NIX_BINCHECK_CMD.trim().split(/\s+/)
  : [process.execPath, path.join(ROOT, "dist/nix-bincheck.mjs")];
if (!process.env.NIX_BINCHECK_CMD && !fs.existsSync(OURS[1])) die(`${OURS[1]} is missing: run \`npm run build\` first`);
fs.mkdirSync(CACHE, { recursive: true });

function buildFloor() {
  const shared = path.resolve(ROOT, "../shared/bench/floor.c");
  const copy = path.join(BENCH, "floor.c");
  const src = fs.existsSync(shared) ? shared : copy;
  if (src === shared && !readOr(copy, "").endsWith(readOr(shared)))
    console.log(`WARNING: test/bench/floor.c is no longer a verbatim copy of ${shared}; update it`);
  const bin = path.join(CACHE, "floor");
  const stamp = sha(readOr(src), "gcc -O2");
  if (readOr(`${bin}.stamp`) !== stamp || !fs.existsSync(bin)) {
    const r = spawnSync("gcc", ["-O2", "-o", bin, src], { encoding: "utf8" });
    if (r.status !== 0) die(`gcc -O2 ${src} failed:\n${r.stderr}`);
    fs.writeFileSync(`${bin}.stamp`, stamp);
  }
  return { bin, src };
}

// Install the pinned npm tree once; re-install only when tree-package.json (or the command) changes.
function ensureTree() {
  const pkg = readOr(path.join(BENCH, "tree-package.json"));
  const stamp = sha(pkg, INSTALL.join(" "));
  const nm = path.join(TREE_DIR, "node_modules");
  if (readOr(path.join(TREE_DIR, ".stamp")) === stamp && fs.existsSync(nm)) return { nm, installSecs: null };
  fs.rmSync(TREE_DIR, { recursive: true, force: true });
  fs.mkdirSync(TREE_DIR, { recursive: true });
  fs.writeFileSync(path.join(TREE_DIR, "package.json"), pkg);
  const logFile = path.join(CACHE, "install.log");
  console.log(`installing the bench tree (test/bench/tree-package.json, ~3.4 GB) into ${TREE_DIR}; log: ${logFile}`);
  // Drop the npm_* variables of an enclosing `npm run`, so they cannot steer the inner install.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  env.ONNXRUNTIME_NODE_INSTALL = "skip"; // its postinstall would fetch CUDA providers from outside the registry
  const log = fs.openSync(logFile, "w");
  const t0 = Date.now();
  const r = spawnSync("npm", INSTALL, { cwd: TREE_DIR, env, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  if (r.status !== 0)
    die(`npm ${INSTALL.join(" ")} failed (exit ${r.status}); last lines of ${logFile}:\n${readOr(logFile).split("\n").slice(-25).join("\n")}`);
  fs.writeFileSync(path.join(TREE_DIR, ".stamp"), stamp);
  return { nm, installSecs: (Date.now() - t0) / 1000 };
}

function sparseDir() {
  const dir = path.join(CACHE, "sparse");
  const file = path.join(dir, "true-1200M");
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file) || fs.statSync(file).size !== SPARSE_SIZE) {
    fs.copyFileSync(fs.realpathSync("/bin/true"), file); // a real ELF header, program headers, dynamic section
    fs.truncateSync(file, SPARSE_SIZE); // the rest is a hole
  }
  return dir;
}

// ---- measuring -----------------------------------------------------------------------------------
const DEVNULL = fs.openSync("/dev/null", "w");
const TIME_OUT = path.join(CACHE, "time.out");

/** One run under GNU time: wall time by our clock, peak RSS (MB) by time's %M. */
function run(argv, capture = false) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", "-o", TIME_OUT, ...argv], {
    stdio: ["ignore", capture ? "pipe" : DEVNULL, "pipe"],
    maxBuffer: 2 ** 30,
    timeout: 20 * 60_000,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const last = readOr(TIME_OUT, "").trim().split("\n").pop() ?? "";
  const rssMb = Number(last.split(/\s+/)[1]) / 1024;
  const ok = r.status === 0 || r.status === 1; // nix-bincheck exits 1 when it has findings
  const error = ok
    ? null
    : `${argv.join(" ")}: ${r.error?.message ?? `exit ${r.status ?? r.signal}`}; ${r.stderr?.toString().trim().split("\n").slice(-3).join(" | ")}`;
  return { wall, rssMb, error, stdout: capture ? r.stdout.toString() : "" };
}

/** ELF files and opened files from nix-bincheck's JSON (schemaVersion 1: `summary`), or lines from a stand-in. */
function oursCount(out) {
  let doc;
  try {
    doc = JSON.parse(out);
  } catch {
    return { elf: out.split("\n").filter(Boolean).length, opened: null }; // not JSON (e.g. scanelf as a stand-in)
  }
  const s = doc?.summary ?? {};
  const elf = typeof s.elfFiles === "number" ? s.elfFiles : Array.isArray(doc?.files) ? doc.files.filter((f) => f?.elf).length : null;
  return { elf, opened: s.sniffed ?? null, hardLinked: s.hardLinkedPaths ?? 0 };
}

/** Warm-up (untimed, also gives the counts), then RUNS timed rounds, the tools taking turns. */
function measure(tools) {
  for (const t of tools) {
    const w = run(t.argv, true);
    t.walls = [];
    t.rss = [w.rssMb];
    t.error = w.error;
    Object.assign(t, w.error ? { elf: null, opened: null } : t.count(w.stdout));
  }
  for (let i = 0; i < RUNS; i++)
    for (const t of tools.filter((x) => !x.error)) {
      const r = run(t.argv);
      if (r.error) t.error = r.error;
      t.walls.push(r.wall);
      t.rss.push(r.rssMb);
    }
  for (const t of tools) {
    t.wall = t.error ? null : median(t.walls);
    t.peak = Math.max(...t.rss.filter(Number.isFinite));
    if (t.error) {
      failed = true;
      console.log(`ERROR ${t.label}: ${t.error}`);
    }
  }
  return Object.fromEntries(tools.map((t) => [t.key, t]));
}

function table(rows) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => `  ${r.map((c, i) => (i ? String(c).padStart(w[i]) : String(c).padEnd(w[i]))).join("   ")}`).join("\n");
}

const verdicts = [];
function target(what, value, shown, limit, pass) {
  verdicts.push([what, shown, limit, value == null ? "n/a" : pass ? "PASS" : "FAIL"]);
}

const spread = (t) => (t.error ? "" : `${Math.min(...t.walls).toFixed(3)}..${Math.max(...t.walls).toFixed(3)}`);
const row = (t) => [t.label, t.error ? "ERROR" : fmtS(t.wall), spread(t), `${t.peak.toFixed(1)} MB`, t.opened ?? "-", t.elf ?? "?"];

function benchTree(name, tree, floorBin) {
  const ours = (label, ...flags) => ({ key: label, label: ["ours", ...flags].join(" "), argv: [...OURS, ...flags, tree], count: oursCount });
  const floorCount = (out) => ({ elf: Number(/(\d+) elf/.exec(out)?.[1]), opened: Number(/(\d+) files/.exec(out)?.[1]) });
  const r = measure([
    { key: "floor", label: "floor (C: walk + 64 B/file)", argv: [floorBin, tree], count: floorCount },
    {
      key: "scanelf",
      label: "scanelf -R -y -F ...",
      argv: [...SCANELF, tree],
      count: (o) => ({ elf: o.split("\n").filter((l) => l.startsWith(tree)).length, opened: null }),
    },
    ours("ours", "--json"),
    ours("all", "--json", "--all-files"),
    ours("nores", "--json", "--no-resolve"),
  ]);
  const files = r.floor.opened ?? "?";
  console.log(`\n== ${name}: ${tree}\n   ${files} regular files, ${r.floor.elf ?? "?"} ELF files (floor's count; median of ${RUNS} warm runs)`);
  console.log(table([["tool", "wall (median)", "min..max", "peak RSS", "files opened", "ELF found"], ...Object.values(r).map(row)]));
  const ratio = (a, b) => (a == null || b == null ? null : a / b);
  const oursFloor = ratio(r.ours.wall, r.floor.wall);
  const scanOurs = ratio(r.scanelf.wall, r.ours.wall);
  // What resolution adds to the scan without it, paired by round (the two run back to back), median over rounds.
  const resCost = r.ours.error || r.nores.error ? null : median(r.ours.walls.map((w, i) => ((w - r.nores.walls[i]) / r.nores.walls[i]) * 100));
  console.log(
    `   ours/floor ${fmtX(oursFloor)}   scanelf/ours ${fmtX(scanOurs)}   --all-files/default ${fmtX(ratio(r.all.wall, r.ours.wall))}` +
      `   resolution adds ${resCost == null ? "n/a" : `${resCost.toFixed(1)} %`} to the --no-resolve scan   ("ours" = \`--json\`, default skipping, with resolution)`,
  );
  if (r.ours.elf != null && r.all.elf != null && r.ours.elf !== r.all.elf) {
    const bar = "!".repeat(100);
    console.log(
      `${bar}\n!!! WARNING: the default skip list MISSED ELF FILES in ${tree}: --all-files found ${r.all.elf}, the default scan ${r.ours.elf}\n${bar}`,
    );
  }
  if (r.all.elf != null && r.floor.elf != null && r.all.elf !== r.floor.elf)
    console.log(
      `   note: floor counts ${r.floor.elf} ELF paths, ours ${r.all.elf} ELF files (ours merges hard links: ${r.all.hardLinked} hard-linked paths in this tree)`,
    );
  const t = TARGETS[name];
  if (t) {
    target(`${name}: ours/floor wall`, oursFloor, fmtX(oursFloor), `<= ${t.floor.toFixed(1)}x`, oursFloor <= t.floor);
    target(`${name}: scanelf/ours wall`, scanOurs, fmtX(scanOurs), `>= ${t.scanelf.toFixed(1)}x`, scanOurs >= t.scanelf);
    target(
      `${name}: resolution adds`,
      resCost,
      resCost == null ? "n/a" : `${resCost.toFixed(1)} %`,
      `<= ${RESOLUTION_LIMIT_PCT} %`,
      resCost <= RESOLUTION_LIMIT_PCT,
    );
  }
  return { files, elf: r.floor.elf };
}

function benchSparse() {
  const dir = sparseDir();
  const r = measure([{ key: "ours", label: "ours --json (sparse)", argv: [...OURS, "--json", dir], count: oursCount }]).ours;
  console.log(`\n== 1.2 GB sparse ELF file (copy of /bin/true, truncated to ${SPARSE_SIZE / 2 ** 20} MiB): ${dir}`);
  console.log(table([["tool", "wall (median)", "min..max", "peak RSS", "files opened", "ELF found"], row(r)]));
  const peak = r.error ? null : r.peak;
  target("sparse 1.2 GB ELF: ours peak RSS", peak, `${r.peak.toFixed(1)} MB`, `< ${RSS_LIMIT_MB} MB`, peak < RSS_LIMIT_MB);
}

function benchStartup() {
  const node = process.execPath;
  const v = spawnSync(OURS[0], [...OURS.slice(1), "--version"], { encoding: "utf8" });
  if (v.status !== 0) {
    failed = true;
    console.log(`ERROR ${OURS.join(" ")} --version: exit ${v.status}: ${v.stderr.trim()}`);
    return target("--version vs node -e 0", null, "ERROR", `<= ${STARTUP_LIMIT_MS} ms`, false);
  }
  let base, ours, how;
  if (HYPERFINE) {
    const json = path.join(CACHE, "startup.json");
    const h = spawnSync(
      "hyperfine",
      ["-N", "--warmup", "3", "--runs", "20", "--style", "none", "--export-json", json, `${node} -e 0`, [...OURS, "--version"].join(" ")],
      { encoding: "utf8" },
    );
    if (h.status !== 0) die(`hyperfine failed: ${h.stderr}`);
    [base, ours] = JSON.parse(fs.readFileSync(json, "utf8")).results.map((x) => x.mean * 1000);
    how = "hyperfine -N, 3 warm-up + 20 runs, mean";
  } else {
    const time = (argv) => {
      const t0 = process.hrtime.bigint();
      spawnSync(argv[0], argv.slice(1), { stdio: "ignore" });
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const a = [node, "-e", "0"];
    const b = [...OURS, "--version"];
    for (let i = 0; i < 3; i++) {
      time(a);
      time(b);
    }
    const ta = [],
      tb = [];
    for (let i = 0; i < 20; i++) {
      ta.push(time(a));
      tb.push(time(b));
    }
    [base, ours] = [ta, tb].map((xs) => xs.reduce((s, x) => s + x, 0) / xs.length);
    how = "spawnSync, 3 warm-up + 20 runs each, mean (install hyperfine for a better figure)";
  }
  const diff = ours - base;
  const shown = [...OURS.map((p) => (p === node ? "node" : p.startsWith(`${ROOT}/`) ? path.relative(ROOT, p) : p)), "--version"];
  const signed = `${diff >= 0 ? "+" : ""}${diff.toFixed(1)} ms`;
  console.log(
    `\n== start-up (${how})\n   node -e 0: ${base.toFixed(1)} ms   ${shown.join(" ")}: ${ours.toFixed(1)} ms   difference ${signed}   (prints ${JSON.stringify(v.stdout.trim())})`,
  );
  target("--version vs node -e 0", diff, signed, `<= ${STARTUP_LIMIT_MS} ms`, diff <= STARTUP_LIMIT_MS);
}

// ---- main ----------------------------------------------------------------------------------------
const nproc = os.availableParallelism();
const scanelfVersion = spawnSync("scanelf", ["-V"], { encoding: "utf8" }).stdout.split("\n")[0];
const load = os.loadavg()[0];
console.log(`nix-bincheck bench: node ${process.version}, ${nproc} cores, load ${load.toFixed(2)}, ${RUNS} timed runs per tool`);
if (load > nproc * 0.75) console.log(`WARNING: the machine is busy (1-minute load ${load.toFixed(2)} on ${nproc} cores): timings will be noisy`);
console.log(`ours: ${OURS.join(" ")}${process.env.NIX_BINCHECK_CMD ? "   (from NIX_BINCHECK_CMD)" : ""}`);
console.log(`scanelf: ${scanelfVersion}; args ${SCANELF.slice(1).join(" ")}`);
const floor = buildFloor();
console.log(`floor: gcc -O2 ${path.relative(ROOT, floor.src)} -> ${path.relative(ROOT, floor.bin)}`);

const trees = [];
if (!opts["no-default-trees"]) {
  const { nm, installSecs } = ensureTree();
  if (installSecs != null) console.log(`bench tree installed in ${installSecs.toFixed(0)} s`);
  trees.push(["node_modules-tree", nm], ["/usr/lib", "/usr/lib"]);
}
for (const t of extraTrees) trees.push([t, path.resolve(t)]);
for (const [name, tree] of trees) benchTree(name, tree, floor.bin);
benchSparse();
benchStartup();

console.log("\n== targets");
console.log(table([["what", "measured", "target", ""], ...verdicts]));
console.log(`  (1-minute load at the end: ${os.loadavg()[0].toFixed(2)} on ${nproc} cores)`);
if (failed) console.log("\nsome runs failed (see ERROR lines above): exit 2");
process.exitCode = failed ? 2 : 0;

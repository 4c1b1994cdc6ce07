#!/usr/bin/env node
// npm run bench: time nix-bincheck against the I/O floor (floor.c: walk + read 64 bytes of every
// regular file) and against `scanelf -R` (pax-utils), on an npm tree with ~400 ELF files and on
// /usr/lib, plus --all-files / --no-resolve variants, a ~250k-file tree of hard-linked copies of the
// npm tree, a 1.2 GB sparse ELF file, start-up time and --staged in a 10k-file git repository. Every
// tree gets a time breakdown by stage from one `--cpu-prof` run (breakdown.mjs). The targets are
// issue 17's; each is printed as PASS/FAIL with its ratio.
//
//   node test/bench/run.mjs [--runs N] [--no-default-trees] [--no-scale] [TREE...]
//
// NIX_BINCHECK_CMD="node /other/checkout/dist/nix-bincheck.mjs" benches another build (split on spaces,
// no quoting); the default is `node dist/nix-bincheck.mjs` of this checkout. Writes only under .cache/bench/.
// Needs gcc, GNU /usr/bin/time, scanelf, git and cp. Writes the scale tree (hard links, ~250k paths) and
// the --staged repository under .cache/bench/ once.
// Exit 0: report printed (a target may still FAIL). Exit 2: a tool is missing or a run failed.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { breakdown, ORDER } from "./breakdown.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BENCH = path.join(ROOT, "test/bench");
const CACHE = path.join(ROOT, ".cache/bench");
const TREE_DIR = path.join(CACHE, "node_modules-tree");
const INSTALL = ["install", "--force", "--no-audit", "--no-fund", "--ignore-scripts=false"];
// Comparable work: recurse, skip symlinks, no banner; type, class, machine, arch, interp, needed, rpath/runpath, soname.
const SCANELF = ["scanelf", "-R", "-y", "-B", "-F", "%F %o %M %a %i %n %r %S"];
const SPARSE_SIZE = 1200 * 2 ** 20;
// Issue 17. `net`: the floor ratio is taken of (ours - `node -e 0`), Node's own start-up left out.
const TARGETS = {
  "node_modules-tree": { floor: 1.0, net: true, scanelf: 2 },
  "/usr/lib": { floor: 1.0, net: false, scanelf: 3, rssMb: 80 },
};
// Issue 3: "resolution adds at most 20% to the whole-scan time": --json against --json --no-resolve.
const RESOLUTION_LIMIT_PCT = 20;
// Issue 17, target 3: a tree of >= 250k files made of copies of the npm tree costs within +-15% per file
// (net of `node -e 0`) of the npm tree itself, with peak RSS < 150 MB. Checked one-sided (see benchScale).
const SCALE_FILES = 250_000;
const SCALE_PER_FILE_PCT = 15;
const SCALE_RSS_MB = 150;
const SPARSE_RSS_MB = 80; // issue 17, target 5: "stays as today" (53 MB when it was written)
const STARTUP_LIMIT_MS = 20; // --version over `node -e 0`
const STAGED_FILES = 10_000;
const STAGED_LIMIT_MS = 80; // --staged, one staged binary in a 10k-file repository, over `node -e 0`

const { values: opts, positionals: extraTrees } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "5" },
    "no-default-trees": { type: "boolean" },
    "no-scale": { type: "boolean" },
    help: { type: "boolean" },
  },
});
if (opts.help) {
  console.log("usage: node test/bench/run.mjs [--runs N] [--no-default-trees] [--no-scale] [TREE...]");
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
// .cache/bench may be shared between checkouts: one file per bench process.
const TIME_OUT = path.join(CACHE, `time.${process.pid}.out`);
process.on("exit", () => fs.rmSync(TIME_OUT, { force: true }));

/** One run under GNU time: wall time by our clock, peak RSS (MB) by time's %M. */
function run(argv, capture = false, spawnOptions = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", "-o", TIME_OUT, ...argv], {
    ...spawnOptions,
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
    const w = run(t.argv, true, t.spawn);
    t.walls = [];
    t.rss = [w.rssMb];
    t.error = w.error;
    Object.assign(t, w.error ? { elf: null, opened: null } : t.count(w.stdout));
  }
  for (let i = 0; i < RUNS; i++)
    for (const t of tools.filter((x) => !x.error)) {
      const r = run(t.argv, false, t.spawn);
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

const NODE0 = { key: "node0", label: "node -e 0", argv: [process.execPath, "-e", "0"], count: () => ({ elf: null, opened: null }) };
const ratio = (a, b) => (a == null || b == null ? null : a / b);
const pct = (x) => (x == null ? "n/a" : `${x >= 0 ? "+" : ""}${x.toFixed(1)} %`);

/** Median over rounds of (a - b) for two tools timed in the same rounds. */
const pairedDiff = (a, b) => (a.error || b.error ? null : median(a.walls.map((w, i) => w - b.walls[i])));

/** Where the time goes: one `--cpu-prof` run of `ours --json`, its samples attributed to stages. */
function printBreakdown(tree) {
  const dir = fs.mkdtempSync(path.join(CACHE, "prof-"));
  try {
    const r = spawnSync(OURS[0], [...OURS.slice(1, -1), "--cpu-prof", `--cpu-prof-dir=${dir}`, OURS.at(-1), "--json", tree], {
      stdio: ["ignore", DEVNULL, "pipe"],
      maxBuffer: 2 ** 30,
    });
    const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if ((r.status !== 0 && r.status !== 1) || !file) return console.log(`   (no breakdown: the --cpu-prof run failed: ${r.stderr})`);
    const ms = breakdown(path.join(dir, file));
    const total = Object.values(ms).reduce((x, y) => x + y, 0);
    const parts = ORDER.map((k) => `${k} ${ms[k].toFixed(0)}`).join(", ");
    console.log(`   breakdown (ms of sampled CPU, one --cpu-prof run; Node's own start-up not sampled): ${parts}; total ${total.toFixed(0)}`);
    return ms;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function benchTree(name, tree, floorBin, { variants = true } = {}) {
  const ours = (label, ...flags) => ({ key: label, label: ["ours", ...flags].join(" "), argv: [...OURS, ...flags, tree], count: oursCount });
  const floorCount = (out) => ({ elf: Number(/(\d+) elf/.exec(out)?.[1]), opened: Number(/(\d+) files/.exec(out)?.[1]) });
  const r = measure([
    NODE0,
    { key: "floor", label: "floor (C: walk + 64 B/file)", argv: [floorBin, tree], count: floorCount },
    ...(variants
      ? [
          {
            key: "scanelf",
            label: "scanelf -R -y -F ...",
            argv: [...SCANELF, tree],
            count: (o) => ({ elf: o.split("\n").filter((l) => l.startsWith(tree)).length, opened: null }),
          },
        ]
      : []),
    ours("ours", "--json"),
    ...(variants ? [ours("all", "--json", "--all-files"), ours("nores", "--json", "--no-resolve")] : []),
  ]);
  const files = r.floor.opened ?? "?";
  console.log(`\n== ${name}: ${tree}\n   ${files} regular files, ${r.floor.elf ?? "?"} ELF files (floor's count; median of ${RUNS} warm runs)`);
  console.log(table([["tool", "wall (median)", "min..max", "peak RSS", "files opened", "ELF found"], ...Object.values(r).map(row)]));
  const net = pairedDiff(r.ours, r.node0);
  const oursFloor = ratio(r.ours.wall, r.floor.wall);
  const netFloor = ratio(net, r.floor.wall);
  const scanOurs = r.scanelf ? ratio(r.scanelf.wall, r.ours.wall) : null;
  // What resolution adds to the scan without it, paired by round (the two run back to back), median over rounds.
  const resCost = !variants || r.ours.error || r.nores.error ? null : median(r.ours.walls.map((w, i) => ((w - r.nores.walls[i]) / r.nores.walls[i]) * 100));
  console.log(
    `   ours/floor ${fmtX(oursFloor)}   (ours - node -e 0)/floor ${fmtX(netFloor)}` +
      (variants
        ? `   scanelf/ours ${fmtX(scanOurs)}   --all-files/default ${fmtX(ratio(r.all.wall, r.ours.wall))}` +
          `   resolution adds ${resCost == null ? "n/a" : `${resCost.toFixed(1)} %`} to the --no-resolve scan`
        : "") +
      `   ("ours" = \`--json\`, default skipping, with resolution)`,
  );
  const ms = printBreakdown(tree);
  if (variants && r.ours.elf != null && r.all.elf != null && r.ours.elf !== r.all.elf) {
    const bar = "!".repeat(100);
    console.log(
      `${bar}\n!!! WARNING: the default skip list MISSED ELF FILES in ${tree}: --all-files found ${r.all.elf}, the default scan ${r.ours.elf}\n${bar}`,
    );
  }
  if (variants && r.all.elf != null && r.floor.elf != null && r.all.elf !== r.floor.elf)
    console.log(
      `   note: floor counts ${r.floor.elf} ELF paths, ours ${r.all.elf} ELF files (ours merges hard links: ${r.all.hardLinked} hard-linked paths in this tree)`,
    );
  const t = TARGETS[name];
  if (t) {
    const [value, label] = t.net ? [netFloor, "(ours - node -e 0)/floor wall"] : [oursFloor, "ours/floor wall"];
    target(`${name}: ${label}`, value, fmtX(value), `<= ${t.floor.toFixed(1)}x`, value <= t.floor);
    target(`${name}: scanelf/ours wall`, scanOurs, fmtX(scanOurs), `>= ${t.scanelf.toFixed(1)}x`, scanOurs >= t.scanelf);
    if (t.rssMb) {
      const peak = r.ours.error ? null : r.ours.peak;
      target(`${name}: ours peak RSS`, peak, `${r.ours.peak.toFixed(1)} MB`, `<= ${t.rssMb} MB`, peak <= t.rssMb);
    }
    target(
      `${name}: resolution adds (issue 3)`,
      resCost,
      resCost == null ? "n/a" : `${resCost.toFixed(1)} %`,
      `<= ${RESOLUTION_LIMIT_PCT} %`,
      resCost <= RESOLUTION_LIMIT_PCT,
    );
  }
  return { files: r.floor.opened, elf: r.floor.elf, net, peak: r.ours.error ? null : r.ours.peak, ms };
}

/** Hard-linked copies of the npm tree side by side, enough for SCALE_FILES regular files; built once. */
function ensureScaleTree(nm, files) {
  const copies = Math.ceil(SCALE_FILES / files);
  const dir = path.join(CACHE, "scale-tree");
  const stamp = sha(readOr(path.join(TREE_DIR, ".stamp"), ""), String(copies), "cp -al");
  if (readOr(path.join(CACHE, "scale-tree.stamp")) === stamp && fs.existsSync(dir)) return { dir, copies };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  console.log(`building the scale tree: ${copies} hard-linked copies of ${nm} in ${dir}`);
  for (let i = 0; i < copies; i++) {
    const r = spawnSync("cp", ["-al", nm, path.join(dir, `copy-${String(i).padStart(2, "0")}`)], { encoding: "utf8" });
    if (r.status !== 0) die(`cp -al ${nm} failed: ${r.stderr}`);
  }
  fs.writeFileSync(path.join(CACHE, "scale-tree.stamp"), stamp);
  return { dir, copies };
}

function benchScale(nm, small, floorBin) {
  if (small.files == null || small.net == null) return target("scale: per-file cost vs npm tree", null, "n/a", `+-${SCALE_PER_FILE_PCT} %`, false);
  const { dir, copies } = ensureScaleTree(nm, small.files);
  const big = benchTree(`scale tree (${copies} hard-linked copies of the npm tree)`, dir, floorBin, { variants: false });
  const perFile = big.net == null || big.files == null ? null : (big.net / big.files / (small.net / small.files) - 1) * 100;
  console.log(
    `   per file, net of node -e 0: ${big.net == null ? "n/a" : `${((big.net / big.files) * 1e6).toFixed(2)} us`} here, ${((small.net / small.files) * 1e6).toFixed(2)} us in the npm tree (${pct(perFile)})`,
  );
  // One-sided: the copies are hard links, so each ELF file is parsed and judged once however many copies
  // there are, and the fixed costs (loading our code, the soname table) are shared by more files; a
  // cost per file well below the npm tree's is expected, one above it by more than 15 % is not linear.
  target("scale: per-file cost vs npm tree", perFile, pct(perFile), `<= +${SCALE_PER_FILE_PCT} %`, perFile <= SCALE_PER_FILE_PCT);
  target("scale: ours peak RSS", big.peak, big.peak == null ? "n/a" : `${big.peak.toFixed(1)} MB`, `< ${SCALE_RSS_MB} MB`, big.peak < SCALE_RSS_MB);
}

function benchSparse() {
  const dir = sparseDir();
  const r = measure([{ key: "ours", label: "ours --json (sparse)", argv: [...OURS, "--json", dir], count: oursCount }]).ours;
  console.log(`\n== 1.2 GB sparse ELF file (copy of /bin/true, truncated to ${SPARSE_SIZE / 2 ** 20} MiB): ${dir}`);
  console.log(table([["tool", "wall (median)", "min..max", "peak RSS", "files opened", "ELF found"], row(r)]));
  const peak = r.error ? null : r.peak;
  target("sparse 1.2 GB ELF: ours peak RSS", peak, `${r.peak.toFixed(1)} MB`, `<= ${SPARSE_RSS_MB} MB`, peak <= SPARSE_RSS_MB);
}

// git with a private configuration: nothing of this machine's or this user's steers it.
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "bench",
  GIT_AUTHOR_EMAIL: "bench@example.invalid",
  GIT_COMMITTER_NAME: "bench",
  GIT_COMMITTER_EMAIL: "bench@example.invalid",
};

/** A git repository of STAGED_FILES committed text files and one staged ELF file (a copy of /bin/true); built once. */
function ensureStagedRepo() {
  const dir = path.join(CACHE, "staged-repo");
  const stamp = sha(String(STAGED_FILES), "v1");
  if (readOr(path.join(CACHE, "staged-repo.stamp")) === stamp && fs.existsSync(dir)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < STAGED_FILES - 1; i++) {
    const sub = path.join(dir, "src", `d${String(Math.floor(i / 100)).padStart(3, "0")}`);
    if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `f${i}.js`), `export const n${i} = ${i};\n`);
  }
  const git = (...args) => {
    const r = spawnSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8" });
    if (r.status !== 0) die(`git ${args.join(" ")} in ${dir} failed: ${r.stderr}`);
  };
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "bench: 10k files");
  fs.mkdirSync(path.join(dir, "bin"));
  fs.copyFileSync(fs.realpathSync("/bin/true"), path.join(dir, "bin", "tool"));
  git("add", "bin/tool");
  fs.writeFileSync(path.join(CACHE, "staged-repo.stamp"), stamp);
  return dir;
}

/** Paired, interleaved start-up timings: median over rounds of (command - `node -e 0`), in ms. */
function startupDiff(argv, spawnOptions = {}) {
  const time = (a, o) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(a[0], a.slice(1), { stdio: ["ignore", "pipe", "pipe"], ...o });
    return [Number(process.hrtime.bigint() - t0) / 1e6, r];
  };
  const base = [process.execPath, "-e", "0"];
  const first = time(argv, spawnOptions)[1];
  if (first.status !== 0 && first.status !== 1) return { error: `exit ${first.status}: ${first.stderr.toString().trim()}` };
  for (let i = 0; i < 3; i++) {
    time(base);
    time(argv, spawnOptions);
  }
  const a = [];
  const b = [];
  for (let i = 0; i < 20; i++) {
    // Alternate which goes first, so neither always runs on a cache the other warmed.
    const pair = i % 2 === 0 ? [time(base)[0], time(argv, spawnOptions)[0]] : [time(argv, spawnOptions)[0], time(base)[0]].reverse();
    a.push(pair[0]);
    b.push(pair[1]);
  }
  return { base: median(a), ours: median(b), diff: median(b.map((x, i) => x - a[i])), stdout: first.stdout.toString() };
}

function benchStartup() {
  const shown = [...OURS.map((p) => (p === process.execPath ? "node" : p.startsWith(`${ROOT}/`) ? path.relative(ROOT, p) : p))];
  const how = "paired with node -e 0, interleaved, 3 warm-up + 20 rounds, medians";
  const v = startupDiff([...OURS, "--version"]);
  if (v.error) {
    failed = true;
    console.log(`ERROR ${OURS.join(" ")} --version: ${v.error}`);
    target("--version over node -e 0", null, "ERROR", `<= ${STARTUP_LIMIT_MS} ms`, false);
  } else {
    console.log(
      `\n== start-up (${how})\n   node -e 0: ${v.base.toFixed(1)} ms   ${shown.join(" ")} --version: ${v.ours.toFixed(1)} ms   difference ${signedMs(v.diff)}   (prints ${JSON.stringify(v.stdout.trim())})`,
    );
    target("--version over node -e 0", v.diff, signedMs(v.diff), `<= ${STARTUP_LIMIT_MS} ms`, v.diff <= STARTUP_LIMIT_MS);
  }
  const repo = ensureStagedRepo();
  const s = startupDiff([...OURS, "--staged", "--format", "short"], { cwd: repo, env: GIT_ENV });
  if (s.error) {
    failed = true;
    console.log(`ERROR ${OURS.join(" ")} --staged in ${repo}: ${s.error}`);
    return target("--staged (10k-file repo) over node -e 0", null, "ERROR", `<= ${STAGED_LIMIT_MS} ms`, false);
  }
  console.log(
    `\n== --staged --format short, one staged ELF file in a ${STAGED_FILES}-file git repository (${repo}; git config: none)\n` +
      `   node -e 0: ${s.base.toFixed(1)} ms   ${shown.join(" ")} --staged: ${s.ours.toFixed(1)} ms   difference ${signedMs(s.diff)}`,
  );
  target("--staged (10k-file repo) over node -e 0", s.diff, signedMs(s.diff), `<= ${STAGED_LIMIT_MS} ms`, s.diff <= STAGED_LIMIT_MS);
}
const signedMs = (d) => `${d >= 0 ? "+" : ""}${d.toFixed(1)} ms`;

// ---- main ----------------------------------------------------------------------------------------
const nproc = os.availableParallelism();
const scanelfVersion = spawnSync("scanelf", ["-V"], { encoding: "utf8" }).stdout.split("\n")[0];
const load = os.loadavg()[0];
const cpu = /^model name\s*:\s*(.*)$/m.exec(readOr("/proc/cpuinfo", ""))?.[1] ?? "unknown CPU";
console.log(`nix-bincheck bench: node ${process.version}, ${nproc} cores (${cpu}), load ${load.toFixed(2)}, ${RUNS} timed runs per tool`);
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
const results = new Map(trees.map(([name, tree]) => [name, benchTree(name, tree, floor.bin)]));
if (!opts["no-default-trees"] && !opts["no-scale"]) benchScale(trees[0][1], results.get("node_modules-tree"), floor.bin);
benchSparse();
benchStartup();

console.log("\n== targets");
console.log(table([["what", "measured", "target", ""], ...verdicts]));
console.log(`  (1-minute load at the end: ${os.loadavg()[0].toFixed(2)} on ${nproc} cores)`);
if (failed) console.log("\nsome runs failed (see ERROR lines above): exit 2");
process.exitCode = failed ? 2 : 0;

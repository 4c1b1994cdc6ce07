// Loader-rule fixtures (fixtures/loader): built once per source hash, run under the host's real
// glibc loader, so tests can compare the emulation with what ld.so actually did.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file is test/support/loader-fixtures.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Fixture sources: one directory per rule, plus `_common/` and `build.sh`. */
export const LOADER_FIXTURE_SOURCES = join(REPO_ROOT, "fixtures", "loader");

/** The host's glibc loader, which every fixture app names in PT_INTERP. */
export const HOST_LOADER = "/lib64/ld-linux-x86-64.so.2";

/** One fixture: which file is the root and where it is run from (paths relative to the rule's dir). */
export interface LoaderRule {
  /** Directory name under fixtures/loader and under the build output. */
  readonly name: string;
  /** LOADER.md section the rule comes from. */
  readonly section: string;
  /** The executable to treat as root. */
  readonly exe: string;
  /** Working directory for the run (default "."); the built fixture's `cwd` file says the same. */
  readonly cwd?: string;
  /** Further working directories the rule should also be run from (the behaviour differs). */
  readonly altCwds?: readonly string[];
  readonly description: string;
}

function rule(name: string, section: string, description: string, extra: { exe?: string; cwd?: string; altCwds?: readonly string[] } = {}): LoaderRule {
  return { name, section, description, exe: "bin/app", ...extra };
}

/** Every fixture, in the order of LOADER.md. */
export const LOADER_RULES: readonly LoaderRule[] = [
  rule("rpath-basic", "§7.1", "DT_RPATH of the executable is searched"),
  rule("runpath-basic", "§7.3", "DT_RUNPATH of the requester is searched"),
  rule("rpath-over-runpath", "§5", "DT_RPATH is ignored when DT_RUNPATH is present"),
  rule("rpath-inherited-by-ancestor-chain", "§7.1", "a library without RUNPATH uses its loaders' RPATHs (each with its owner's $ORIGIN) and main's"),
  rule("runpath-not-inherited", "§7.3", "main's DT_RUNPATH is not used for a library's needs"),
  rule("runpath-stops-rpath-chain", "§7.1", "a library with DT_RUNPATH does not use main's DT_RPATH"),
  rule("empty-runpath-stops-rpath-chain", "§7.1, §6", "an empty DT_RUNPATH still disables the DT_RPATH chain"),
  rule("origin-executable-realpath", "§5 Initialisation", "an executable's $ORIGIN is the directory of its real path (run via a symlink)", {
    exe: "links/bin/app",
  }),
  rule("origin-library-as-opened", "§5 step 5", "a library's $ORIGIN is the directory it was opened from, not of its realpath (file symlink)"),
  rule("origin-dir-symlink-dotdot", "§5 step 5, §6", "$ORIGIN/.. through a directory symlink is resolved physically by the kernel"),
  rule("origin-in-needed", "§5 steps 1, 3", "$ORIGIN in DT_NEEDED is expanded and opened as a path"),
  rule("origin-brace-form", "§6", "${ORIGIN} equals $ORIGIN"),
  rule("absolute-needed", "§5 step 3", "an absolute DT_NEEDED is opened without search"),
  rule("already-loaded-by-soname", "§5 step 2", "a need matching a loaded object's SONAME is satisfied by it, breadth-first"),
  rule("bfs-order", "§5 BFS", "main's direct needs load before a library's, so main's copy wins"),
  rule("bfs-needed-order", "§5 BFS", "siblings are processed in DT_NEEDED order"),
  rule("same-file-dedup", "§5 step 5", "two names for one file (dev, inode) give one object"),
  rule("nodeflib", "§7.4-7.5", "DF_1_NODEFLIB skips ld.so.cache system entries and default dirs"),
  rule("system-default-dirs", "§7.4-7.5", "without nodeflib the system's libz.so.1 is found"),
  rule("wrong-class-skipped", "§7 Trying a directory", "an ELFCLASS32 candidate is skipped"),
  rule("wrong-class-only", "§7 Trying a directory", "only an ELFCLASS32 candidate: not found"),
  rule("wrong-machine-skipped", "§7 Trying a directory", "an EM_AARCH64 candidate is skipped"),
  rule("wrong-machine-only", "§7 Trying a directory", "only an EM_AARCH64 candidate: not found"),
  rule("non-elf-candidate-fatal", "§7 Trying a directory, §8", "a non-ELF candidate stops the search (invalid ELF header)"),
  rule("short-candidate-fatal", "§7 Trying a directory", "a too short candidate stops the search"),
  rule("pie-candidate-fatal", "§7 Trying a directory", "a PIE candidate stops the search"),
  rule("hwcaps-subdir", "§7 Trying a directory", "glibc-hwcaps/<level>/ before the plain dir"),
  rule("legacy-hwcaps-subdir", "§7 Trying a directory", "glibc < 2.37 also tries legacy tls/ and x86_64/ subdirs (not in LOADER.md)"),
  rule("empty-rpath-element-cwd", "§6", "an empty RPATH element is the current directory", {
    cwd: "lib",
    altCwds: ["."],
  }),
  rule("empty-rpath-string", "§6", "an RPATH that is the empty string", { cwd: "lib" }),
  rule("relative-rpath-cwd", "§6", "a relative RPATH element is relative to the cwd", {
    altCwds: ["bin"],
  }),
  rule("missing-library", "§8", "a name found nowhere: exit 127"),
  rule("self-cycle", "§5 step 2", "a library needing itself loads"),
  rule("mutual-cycle", "§5 step 2", "two libraries needing each other load"),
  rule("versioned-need-missing", "§8 Version needs", "a missing version node stops the process"),
  rule("lib-dst-in-rpath", "§6", "$LIB expands to the host loader's value"),
  rule("platform-dst-in-rpath", "§6", "$PLATFORM expands to AT_PLATFORM"),
  rule("unknown-dst-literal", "§6", "an unknown $FOO stays literal"),
  rule("dst-token-boundary", "§6", "$ORIGINAL is not $ORIGIN + AL (a literal relative path: found from the root, not from bin/)", { altCwds: ["bin"] }),
];

/** What the real loader did with one fixture. */
export interface RealRun {
  readonly rule: string;
  /** Absolute path that was executed (may be a symlink). */
  readonly exe: string;
  /** Absolute working directory of the run. */
  readonly cwd: string;
  /** Real path of the rule's fixture directory (what `inTree` is relative to). */
  readonly root: string;
  /** Exit status; -1 when killed by a signal. */
  readonly exitCode: number;
  readonly signal: string | null;
  /** Real paths of the loaded objects in load (link-map) order, main first, no linux-vdso. */
  readonly loaded: readonly string[];
  /** Same order: the path strings the loader opened (l_name; main: /proc/self/exe). */
  readonly opened: readonly string[];
  /** `loaded`, relative to `root` ("lib/libfoo.so"); objects outside the fixture stay absolute. */
  readonly inTree: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
  /** The loader's message without "<argv0>: " and "error while loading shared libraries: ". */
  readonly loaderError: string | null;
  /**
   * Name the search found no loadable file for: "cannot open shared object file", or
   * "wrong ELF class" (only wrong-class candidates were seen; the search did not stop early).
   */
  readonly missing: string | null;
  /** Any other loader error (`loaderError`), e.g. "<path>: invalid ELF header", version errors. */
  readonly fatal: string | null;
}

/** Options for one run. */
export interface RunOptions {
  /** Working directory relative to the rule's fixture dir; default: its `cwd` file, else ".". */
  readonly cwd?: string;
}

/** The LOADER_RULES entry of a rule; throws for an unknown name. */
export function ruleSpec(name: string): LoaderRule {
  const spec = LOADER_RULES.find((r) => r.name === name);
  if (spec === undefined) throw new Error(`unknown loader rule ${JSON.stringify(name)}`);
  return spec;
}

/** Hash of every file under fixtures/loader (path, mode, bytes): the cache key. */
export function loaderFixtureHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else {
        const rel = relative(LOADER_FIXTURE_SOURCES, path);
        hash.update(`${rel}\0${statSync(path).mode & 0o111 ? "x" : "-"}\0`);
        hash.update(readFileSync(path));
        hash.update("\0");
      }
    }
  };
  walk(LOADER_FIXTURE_SOURCES);
  return hash.digest("hex").slice(0, 16);
}

let building: Promise<string> | undefined;

/**
 * Builds all fixtures once into `.cache/fixtures/loader-<hash>` (reused when complete; a lock
 * directory serialises concurrent test workers) and returns that directory.
 */
export function buildLoaderFixtures(): Promise<string> {
  building ??= buildOnce();
  return building;
}

const COMPLETE = ".complete";
const LOCK_STALE_MS = 120_000;
const LOCK_WAIT_MS = 300_000;

async function buildOnce(): Promise<string> {
  const cacheDir = join(REPO_ROOT, ".cache", "fixtures");
  const out = join(cacheDir, `loader-${loaderFixtureHash()}`);
  if (existsSync(join(out, COMPLETE))) return out;
  mkdirSync(cacheDir, { recursive: true });
  const lock = `${out}.lock`;
  await acquireLock(lock);
  try {
    if (existsSync(join(out, COMPLETE))) return out;
    rmSync(out, { recursive: true, force: true });
    await runBuildScript(out);
    writeFileSync(join(out, COMPLETE), `${new Date().toISOString()}\n`);
    pruneOtherBuilds(cacheDir, out);
    return out;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function acquireLock(lock: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    try {
      if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
    } catch {
      continue; // released meanwhile
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the fixture build lock ${lock}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function runBuildScript(out: string): Promise<void> {
  const script = join(LOADER_FIXTURE_SOURCES, "build.sh");
  return new Promise((done, fail) => {
    const child = spawn("bash", [script, out], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => fail(new Error(`running ${script} failed`, { cause: error })));
    child.on("close", (code, signal) => {
      if (code === 0) done();
      else fail(new Error(`${script} ${out} failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

/** Removes complete builds of older fixture sources (never a build that holds a lock). */
function pruneOtherBuilds(cacheDir: string, keep: string): void {
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    if (!/^loader-[0-9a-f]{16}$/.test(name) || path === keep || existsSync(`${path}.lock`)) continue;
    rmSync(path, { recursive: true, force: true });
  }
}

/**
 * Runs a fixture's app under the host's real loader with a clean environment (PATH only: no
 * LD_LIBRARY_PATH, no LD_PRELOAD) and a 10 s timeout, and parses what it loaded or why not.
 * `fixtureDir` is the directory returned by buildLoaderFixtures().
 */
export function runUnderRealLoader(fixtureDir: string, rule: string, options: RunOptions = {}): RealRun {
  const spec = ruleSpec(rule);
  const ruleDir = join(fixtureDir, rule);
  const root = realpathSync(ruleDir);
  const exe = join(ruleDir, spec.exe);
  const cwd = resolve(ruleDir, options.cwd ?? readCwdFile(ruleDir) ?? ".");
  const result = spawnSync(exe, [], {
    cwd,
    env: { PATH: "/usr/bin:/bin" },
    encoding: "utf8",
    timeout: 10_000,
    killSignal: "SIGKILL",
  });
  if (result.error !== undefined) {
    throw new Error(`running fixture ${rule} (${exe} in ${cwd}) failed`, { cause: result.error });
  }
  const loaded: string[] = [];
  const opened: string[] = [];
  for (const line of result.stdout.split("\n")) {
    if (!line.startsWith("LOADED ")) continue;
    const tab = line.lastIndexOf("\t");
    const real = line.slice("LOADED ".length, tab);
    const name = line.slice(tab + 1);
    if (tab < 0 || name.startsWith("linux-vdso") || name.startsWith("linux-gate")) continue;
    loaded.push(real);
    opened.push(name);
  }
  const loaderError = parseLoaderError(result.stderr, exe);
  const missing = loaderError === null ? null : parseMissing(loaderError);
  return {
    rule,
    exe,
    cwd,
    root,
    exitCode: result.status ?? -1,
    signal: result.signal,
    loaded,
    opened,
    inTree: loaded.map((path) => (path.startsWith(root + sep) ? path.slice(root.length + 1) : path)),
    stdout: result.stdout,
    stderr: result.stderr,
    loaderError,
    missing,
    fatal: loaderError !== null && missing === null ? loaderError : null,
  };
}

function readCwdFile(ruleDir: string): string | undefined {
  const file = join(ruleDir, "cwd");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

/** First loader message on stderr, without "<argv0>: " and "error while loading shared libraries: ". */
function parseLoaderError(stderr: string, argv0: string): string | null {
  for (const line of stderr.split("\n")) {
    if (!line.startsWith(`${argv0}: `)) continue;
    const text = line.slice(argv0.length + 2);
    const prefix = "error while loading shared libraries: ";
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  }
  return null;
}

function parseMissing(loaderError: string): string | null {
  const match = /^(.*): (?:cannot open shared object file|wrong ELF class: ELFCLASS\d+)/.exec(loaderError);
  return match?.[1] ?? null;
}

/** Facts about the host loader from `ld.so --list-diagnostics` (glibc >= 2.33). */
export interface HostLoaderFacts {
  /** glibc version, e.g. [2, 36]. */
  readonly version: readonly [number, number];
  /** Value of $LIB (dl_dst_lib), e.g. "lib/x86_64-linux-gnu" on Debian. */
  readonly dstLib: string;
  /** Value of $PLATFORM (dl_platform), e.g. "x86_64". */
  readonly platform: string;
  /** glibc-hwcaps subdirectories searched on this CPU, highest priority first. */
  readonly hwcapsActive: readonly string[];
  /** Default directories without trailing slash (path.system_dirs). */
  readonly systemDirs: readonly string[];
}

/** Reads HostLoaderFacts from the host loader (clean environment). */
export function hostLoaderFacts(): HostLoaderFacts {
  const result = spawnSync(HOST_LOADER, ["--list-diagnostics"], { env: {}, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${HOST_LOADER} --list-diagnostics failed: ${result.stderr}`);
  const values = new Map<string, string>();
  for (const line of result.stdout.split("\n")) {
    const match = /^([^=]+)=(?:"(.*)"|(.*))$/.exec(line);
    if (match?.[1] !== undefined) values.set(match[1], match[2] ?? match[3] ?? "");
  }
  const get = (key: string): string => {
    const value = values.get(key);
    if (value === undefined) throw new Error(`${HOST_LOADER} --list-diagnostics has no ${key}`);
    return value;
  };
  const [major = 0, minor = 0] = get("version.version").split(".").map(Number);
  const subdirs = (values.get("dl_hwcaps_subdirs") ?? "").split(":").filter((s) => s !== "");
  const active = Number(values.get("dl_hwcaps_subdirs_active") ?? "0");
  const systemDirs = [...values.entries()].filter(([key]) => key.startsWith("path.system_dirs[")).map(([, dir]) => dir.replace(/\/+$/, ""));
  return {
    version: [major, minor],
    dstLib: get("dl_dst_lib"),
    platform: get("dl_platform"),
    hwcapsActive: subdirs.filter((_, i) => (active & (1 << i)) !== 0),
    systemDirs,
  };
}

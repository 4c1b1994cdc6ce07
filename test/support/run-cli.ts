// Run the built CLI as a user would: a child process, piped streams, a chosen environment.
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** The date the tests judge end of life on (see NIX_BINCHECK_TODAY in the README). */
export const TEST_TODAY = "2026-12-06";

/** The shipped command: the bundle that package.json's "bin" names. */
export const CLI = resolve(import.meta.dirname, "../../dist/nix-bincheck.mjs");

/**
 * A copy of the built command in `dir` (its entry, the scanner it loads to scan and that one's code
 * cache), every file readable by all; returns the entry's path.
 */
export function copyCli(dir: string): string {
  const entry = join(dir, "nix-bincheck.mjs");
  for (const name of ["nix-bincheck.mjs", "run.cjs", "run.cjs.v8-cache"]) {
    copyFileSync(join(dirname(CLI), name), join(dir, name));
    chmodSync(join(dir, name), 0o644);
  }
  return entry;
}

/**
 * A directory owned by nobody (for runAsNobody), holding `locked` (mode 000) with a copy of /bin/true in
 * it, and `open/tool`.
 */
export function lockedTree(): string {
  const dir = tempDir("nbc-perm-");
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "locked"));
  mkdirSync(join(dir, "open"));
  copyFileSync("/bin/true", join(dir, "locked/tool"));
  copyFileSync("/bin/true", join(dir, "open/tool"));
  chmodSync(join(dir, "open"), 0o755);
  chmodSync(join(dir, "locked"), 0o000);
  chownSync(dir, 65534, 65534);
  return dir;
}

/**
 * Run the built command as user nobody (root reads everything, so permission tests need another user),
 * from a copy in a directory nobody can read: the clone itself may sit where nobody cannot traverse
 * (a mode-0700 home or mktemp -d directory).
 */
export function runAsNobody(args: string[]): CliResult {
  const bin = tempDir("nbc-nobody-bin-");
  chmodSync(bin, 0o755);
  const r = spawnSync("runuser", ["-u", "nobody", "--", process.execPath, copyCli(bin), ...args], { encoding: "utf8", cwd: "/" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    // No host os-release: a test run on NixOS judges what the test says, not the host's release.
    // A fixed date: end-of-life warnings must not depend on the day the suite runs.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NIX_BINCHECK_OS_RELEASE: "", NIX_BINCHECK_TODAY: TEST_TODAY, ...opts.env },
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The temporary directories this test file made; test/support/cleanup.ts removes them after the file. */
const made = new Set<string>();

export function tempDir(prefix = "nbc-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every directory tempDir made (a test file's trees, copies of the npm fixture: 244 MB each). */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

// Run the built CLI as a user would: a child process, piped streams, a chosen environment.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The shipped command: the bundle that package.json's "bin" names. */
export const CLI = resolve(import.meta.dirname, "../../dist/nix-bincheck.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    // No host os-release: a test run on NixOS judges what the test says, not the host's release.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NIX_BINCHECK_OS_RELEASE: "", ...opts.env },
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = "nbc-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

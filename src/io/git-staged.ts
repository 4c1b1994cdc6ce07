// --staged: materialise the index (what is staged, not the working tree) in a temporary directory,
// so the staged binaries are scanned with the staged versions of everything next to them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitError";
  }
}

export interface StagedTree {
  /** Temporary directory holding the index's files at their repository paths. */
  dir: string;
  /** Repository-relative paths staged as added, copied, modified or renamed. */
  staged: string[];
  /** The repository's top directory. */
  top: string;
  cleanup(): void;
}

function git(cwd: string, args: string[]): Buffer {
  try {
    return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stderr?: Buffer; code?: string; message: string };
    if (err.code === "ENOENT") throw new GitError("--staged needs git, which is not on PATH");
    throw new GitError(`git ${args.join(" ")} failed: ${err.stderr?.toString().trim() || err.message}; run --staged inside a git work tree`);
  }
}

export function stagedTree(cwd: string): StagedTree {
  const top = git(cwd, ["rev-parse", "--show-toplevel"]).toString().trim();
  const staged = git(top, ["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"])
    .toString()
    .split("\0")
    .filter((s) => s !== "");
  const dir = mkdtempSync(join(tmpdir(), "nix-bincheck-staged-"));
  if (staged.length > 0) git(top, ["checkout-index", "--all", "--force", `--prefix=${dir}/`]);
  return { dir, staged, top, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// --staged: materialise the index (what is staged, not the working tree) in a temporary directory,
// so the staged binaries are scanned with the staged versions of everything next to them.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
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

function git(cwd: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync("git", args, { cwd, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024, input });
  } catch (e) {
    const err = e as { stderr?: Buffer; code?: string; message: string };
    if (err.code === "ENOENT") throw new GitError("--staged needs git, which is not on PATH");
    throw new GitError(`git ${args.join(" ")} failed: ${err.stderr?.toString().trim() || err.message}; run --staged inside a git work tree`);
  }
}

/**
 * `needed(staged)`: which index paths to write; all of them without it. With it, the directories near
 * the staged files are made too (see below), so the loader finds the same directories there as in a
 * full checkout; a directory farther away that holds no written file is absent.
 */
export function stagedTree(cwd: string, needed?: (staged: readonly string[]) => (path: string) => boolean): StagedTree {
  const top = git(cwd, ["rev-parse", "--show-toplevel"]).toString().trim();
  const staged = git(top, ["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"])
    .toString()
    .split("\0")
    .filter((s) => s !== "");
  const dir = mkdtempSync(join(tmpdir(), "nix-bincheck-staged-"));
  if (staged.length === 0) {
    /* nothing to scan */
  } else if (needed === undefined) git(top, ["checkout-index", "--all", "--force", `--prefix=${dir}/`]);
  else {
    // What `checkout-index --all` writes: the index's entries, less unmerged and skip-worktree ones ("H").
    const all = git(top, ["ls-files", "-z", "-t"])
      .toString()
      .split("\0")
      .filter((s) => s.startsWith("H "))
      .map((s) => s.slice(2));
    const keep = needed(staged);
    // Directories cost a millisecond each to make: those that hold a written file are made by git; of
    // the rest, those the loader looks in from a staged file ($ORIGIN, $ORIGIN/.., $ORIGIN/../lib, ...):
    // every directory above a staged file and the directories right below those.
    const near = new Set<string>([""]);
    for (const p of staged) for (let i = p.indexOf("/"); i >= 0; i = p.indexOf("/", i + 1)) near.add(p.slice(0, i));
    const dirs = new Set<string>();
    for (const p of all) {
      for (let i = p.indexOf("/"); i >= 0; i = p.indexOf("/", i + 1)) {
        const d = p.slice(0, i);
        const j = d.lastIndexOf("/");
        if (near.has(j < 0 ? "" : d.slice(0, j))) dirs.add(d);
      }
    }
    for (const d of dirs) mkdirSync(`${dir}/${d}`, { recursive: true });
    git(top, ["checkout-index", "--force", "-z", "--stdin", `--prefix=${dir}/`], all.filter(keep).join("\0"));
  }
  return { dir, staged, top, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

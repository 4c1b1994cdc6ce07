// --staged writes only what a scan of the staged files can read (src/scan/staged.ts): a large
// repository is not copied file by file, and the verdicts are those of a full checkout.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stagedTree } from "../../src/io/git-staged.js";
import { neededInCheckout } from "../../src/scan/staged.js";
import { buildElf } from "../support/elf-builder.js";
import { CLI, tempDir } from "../support/run-cli.js";
import { gitEnv } from "../support/tool-env.js";
import { exe, lib } from "../support/tree.js";

const GIT_ENV = gitEnv(tempDir("nbc-git-env-"));
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", env: GIT_ENV });

function put(repo: string, rel: string, bytes: string | Uint8Array): void {
  mkdirSync(join(repo, rel, ".."), { recursive: true });
  writeFileSync(join(repo, rel), bytes, { mode: 0o755 });
}

/** A committed repository: a bundled library, text sources near and far, a package; then bin/tool staged. */
function repository(): string {
  const repo = tempDir("nbc-git-");
  git(repo, "init", "-q");
  put(repo, "lib/libfoo.so.1", buildElf(lib({ soname: "libfoo.so.1", needed: ["libc.so.6"] })).bytes);
  put(repo, "src/a.js", "export {};\n");
  put(repo, "src/deep/b.md", "# b\n");
  put(repo, "docs/only/c.txt", "c\n");
  put(repo, "pkg/package.json", '{"name":"pkg","version":"1.0.0"}\n');
  put(repo, "pkg/path.txt", "bin/x\n");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "base");
  put(
    repo,
    "bin/tool",
    buildElf(exe({ needed: ["libfoo.so.1", "libc.so.6"], runpath: "$ORIGIN/../lib" }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" })).bytes,
  );
  git(repo, "add", "bin/tool");
  return repo;
}

describe("--staged checkout", () => {
  it("keeps the staged files, possible libraries and package.json files; leaves out text files", () => {
    const keep = neededInCheckout(["bin/tool", "web/package.json"]);
    expect(keep("bin/tool")).toBe(true);
    expect(keep("lib/libfoo.so.1")).toBe(true);
    expect(keep("vendor/libbar.so")).toBe(true);
    expect(keep("other/package.json")).toBe(true);
    expect(keep("src/a.js")).toBe(false);
    expect(keep("README.md")).toBe(false);
    // Below a staged package.json everything: the package checks look for what its install creates.
    expect(keep("web/path.txt")).toBe(true);
    expect(keep("webby/path.txt")).toBe(false);
    // A staged text file is a root: it is written.
    expect(neededInCheckout(["notes.md"])("notes.md")).toBe(true);
  });

  it("writes only those, and the directories near the staged files", () => {
    const repo = repository();
    const tree = stagedTree(repo, neededInCheckout);
    try {
      expect(tree.staged).toEqual(["bin/tool"]);
      const has = (rel: string) => existsSync(join(tree.dir, rel));
      expect(has("bin/tool") && has("lib/libfoo.so.1") && has("pkg/package.json")).toBe(true);
      expect(has("src/a.js") || has("src/deep/b.md") || has("pkg/path.txt") || has("docs/only/c.txt")).toBe(false);
      // Directories right below one above a staged file are made ($ORIGIN/../NAME); farther ones are not.
      expect(has("src") && has("docs")).toBe(true);
      expect(has("src/deep") || has("docs/only")).toBe(false);
    } finally {
      tree.cleanup();
    }
    // Without the selection, the whole index is written (as before).
    const full = stagedTree(repo);
    try {
      expect(existsSync(join(full.dir, "src/deep/b.md"))).toBe(true);
    } finally {
      full.cleanup();
    }
  });

  it("the staged binary finds its bundled library, committed earlier, through $ORIGIN", () => {
    const repo = repository();
    const out = execFileSync(process.execPath, [CLI, "--staged", "--json", "--no-nix-locate", "--no-host-pass"], { cwd: repo, encoding: "utf8", env: GIT_ENV });
    const report = JSON.parse(out);
    const tool = report.files.find((f: { path: string }) => f.path === "bin/tool");
    const edge = tool.analysis.edges.find((e: { name: string }) => e.name === "libfoo.so.1");
    expect(edge.status).toBe("bundled");
  });
});

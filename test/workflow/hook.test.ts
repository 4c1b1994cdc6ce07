// End to end: a git repo with a vendored binary, the pre-commit hook, the declared environment, --staged.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildElf } from "../support/elf-builder.js";
import { CLI, tempDir } from "../support/run-cli.js";
import { gitEnv } from "../support/tool-env.js";
import { exe } from "../support/tree.js";

// git with no system or global configuration of the host's (hooksPath, signing, templates).
const GIT_ENV = gitEnv(tempDir("nbc-git-env-"));
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", env: GIT_ENV });

function tryCommit(repo: string): { ok: boolean; output: string } {
  try {
    return { ok: true, output: git(repo, "commit", "-qm", "change") };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

describe("pre-commit hook", () => {
  it("fails on a vendored binary with a missing library, passes once the environment declares it, and --staged checks the staged content", () => {
    const repo = tempDir("nbc-git-");
    git(repo, "init", "-q");
    mkdirSync(join(repo, ".git/hooks"), { recursive: true });
    writeFileSync(
      join(repo, ".git/hooks/pre-commit"),
      `#!/bin/sh\nexec "${process.execPath}" "${CLI}" --staged --format short --no-host-pass --no-nix-locate\n`,
    );
    chmodSync(join(repo, ".git/hooks/pre-commit"), 0o755);
    mkdirSync(join(repo, "vendor"));
    const bad = buildElf(exe({ needed: ["libsqlite3.so.0", "libc.so.6"] })).bytes;
    writeFileSync(join(repo, "vendor/tool"), bad, { mode: 0o755 });
    git(repo, "add", "vendor/tool");

    const t0 = Date.now();
    const first = tryCommit(repo);
    const elapsed = Date.now() - t0;
    expect(first.ok).toBe(false);
    expect(first.output).toContain(
      "vendor/tool: needs-libraries: missing on NixOS: libsqlite3.so.0\n    fix: add pkgs.sqlite to programs.nix-ld.libraries or your devShell",
    );
    expect(elapsed).toBeLessThan(5000);

    writeFileSync(join(repo, "nix-bincheck.config.json"), JSON.stringify({ provides: ["sqlite"], nixLd: true }));
    git(repo, "add", "nix-bincheck.config.json");
    expect(tryCommit(repo)).toMatchObject({ ok: true });

    // A new version that needs more is staged; the working tree then gets a harmless file under the
    // same name. --staged must judge what is staged.
    writeFileSync(join(repo, "vendor/tool"), buildElf(exe({ needed: ["libsqlite3.so.0", "libpng16.so.16", "libc.so.6"] })).bytes);
    git(repo, "add", "vendor/tool");
    copyFileSync(join(repo, "nix-bincheck.config.json"), join(repo, "vendor/tool"));
    const staged = tryCommit(repo);
    expect(staged.ok).toBe(false);
    expect(staged.output).toContain(
      "vendor/tool: needs-libraries: missing on NixOS: libpng16.so.16 (libsqlite3.so.0 covered by the declared environment)\n    fix: add pkgs.libpng to programs.nix-ld.libraries or your devShell",
    );
    // The working tree copy is not ELF at all: a scan of it finds nothing.
    expect(readFileSync(join(repo, "vendor/tool"), "utf8")).toContain("provides");
  });

  it("the hook runs quickly on a handful of files", () => {
    const repo = tempDir("nbc-git-");
    git(repo, "init", "-q");
    for (let i = 0; i < 5; i++)
      writeFileSync(join(repo, `bin${i}`), buildElf(exe({ needed: ["libc.so.6"] }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" })).bytes);
    git(repo, "add", ".");
    // Best of three, so a scheduling hiccup on a loaded CI machine does not decide it.
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const out = execFileSync(process.execPath, [CLI, "--staged", "--no-nix-locate"], { cwd: repo, encoding: "utf8", env: GIT_ENV });
      best = Math.min(best, Date.now() - t0);
      expect(out).toContain("nothing to fix");
    }
    expect(best).toBeLessThan(1000);
  });
});

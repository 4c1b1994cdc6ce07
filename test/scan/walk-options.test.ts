// What the walk leaves out (version-control metadata, ignored paths: not even listed) and what makes a
// root unscannable (exit 2, one line naming the path, what was being done, why, and what to try).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ignoreMatcher } from "../../src/config/policy.js";
import { collect } from "../../src/scan/scan.js";
import { lockedTree, runAsNobody, runCli } from "../support/run-cli.js";
import { exe, writeTree } from "../support/tree.js";

const FLAGS = ["--no-host-pass", "--no-nix-locate", "--format", "short"];

describe("version-control directories", () => {
  const tree = () =>
    writeTree({
      "bin/tool": exe({ needed: ["libz.so.1", "libc.so.6"] }),
      ".git/hooks/pre-commit.sample": { text: "#!/bin/bash\necho sample\n", mode: 0o755 },
      ".git/objects/pack/binary": exe({ needed: ["libfoo.so.1", "libc.so.6"] }),
      ".hg/store/x": exe({ needed: ["libc.so.6"] }),
      ".svn/pristine/x": exe({ needed: ["libc.so.6"] }),
      "_darcs/pristine/x": exe({ needed: ["libc.so.6"] }),
      "sub/.jj/repo/x": exe({ needed: ["libc.so.6"] }),
    });

  it("are not walked below a root, but a root named .git is scanned", () => {
    const t = tree();
    const { report } = collect([t]);
    expect(report.files.map((f) => f.path.slice(t.length))).toEqual(["/bin/tool"]);
    expect(report.scripts).toEqual([]);
    const git = collect([join(t, ".git")]).report;
    expect(git.files.map((f) => f.path.slice(t.length))).toEqual(["/.git/objects/pack/binary"]);
    expect(git.scripts.map((s) => s.path.slice(t.length))).toEqual(["/.git/hooks/pre-commit.sample"]);
    expect(collect([t], { vcsDirs: true }).report.files).toHaveLength(6);
  });

  it("scanning . reports and --write-baseline records no hook sample", () => {
    const t = tree();
    const r = runCli([...FLAGS, "."], { cwd: t });
    expect(r.stdout).not.toContain(".git");
    expect(r.stdout).toContain("./bin/tool: needs-libraries");
    expect(runCli([...FLAGS, "--write-baseline", "."], { cwd: t }).code).toBe(0);
    const b = JSON.parse(readFileSync(join(t, "nix-bincheck.baseline.json"), "utf8"));
    expect(b.findings.map((f: { path: string }) => f.path)).toEqual(["bin/tool"]);
  });
});

describe("ignored paths", () => {
  it("are decided during the walk: an ignored directory is not listed", () => {
    const t = writeTree({
      "keep/tool": exe({ needed: ["libc.so.6"] }),
      "vendor/a/tool": exe({ needed: ["libc.so.6"] }),
      "vendor/b/tool": exe({ needed: ["libc.so.6"] }),
      "lib/x.so": exe({ needed: ["libc.so.6"] }),
      "lib/y.so.1": exe({ needed: ["libc.so.6"] }),
    });
    const matcher = ignoreMatcher({ cli: ["vendor/**", "lib/*.so"], config: [], base: "/", cwd: t })!;
    const asked: string[] = [];
    const { report } = collect([t], {
      ignore: (p, root, isDir) => {
        asked.push(p.slice(t.length));
        return matcher(p, root, isDir);
      },
    });
    expect(report.files.map((f) => f.path.slice(t.length))).toEqual(["/keep/tool", "/lib/y.so.1"]);
    // "vendor/**" leaves out all of vendor: nothing below it was seen, so it was not read.
    expect(asked.filter((p) => p.startsWith("/vendor"))).toEqual(["/vendor"]);
  });

  it("the message for an unreadable directory suggests an --ignore that works (run as nobody)", () => {
    const dir = lockedTree();
    const r = runAsNobody([...FLAGS, dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${dir}/locked: walk-unreadable-dir: cannot list directory: permission denied (run as a user who can read it, or leave it out with --ignore locked)`,
    );
    const ignored = runAsNobody([...FLAGS, "--ignore", "locked", dir]);
    expect(ignored.stdout).not.toContain(`${dir}/locked`);
    expect(ignored.stdout).toContain(`${dir}/open/tool: needs-interpreter`);
  });
});

describe("a root that cannot be scanned is an operational error (exit 2)", () => {
  it("an unreadable root directory: names the path, what failed, why, and what to try", () => {
    const dir = lockedTree();
    const r = runAsNobody([...FLAGS, join(dir, "locked")]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `nix-bincheck: error: cannot scan ${JSON.stringify(join(dir, "locked"))}: listing the directory failed: permission denied; run as a user who can read it, or scan the directories below it that you can read\n`,
    );
    expect(r.code).toBe(2);
  });

  it("an unreadable root file, and a root below a directory nobody may enter", () => {
    const dir = lockedTree();
    writeFileSync(join(dir, "secret"), readFileSync("/bin/true"), { mode: 0o600 });
    const file = runAsNobody([...FLAGS, join(dir, "secret")]);
    expect(file.stderr).toBe(
      `nix-bincheck: error: cannot scan ${JSON.stringify(join(dir, "secret"))}: opening the file failed: permission denied; run as a user who can read it\n`,
    );
    expect(file.code).toBe(2);
    const below = runAsNobody([...FLAGS, join(dir, "locked/tool")]);
    expect(below.stderr).toMatch(/^nix-bincheck: error: cannot scan ".*\/locked\/tool": looking it up failed: permission denied on a directory above it; /);
    expect(below.code).toBe(2);
  });
});

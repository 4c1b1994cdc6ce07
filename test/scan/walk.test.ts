// The tree walk on hostile filesystems: special files, loops, hard links, permissions, odd names, huge files.
import { execFileSync } from "node:child_process";
import { chmodSync, closeSync, copyFileSync, ftruncateSync, linkSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseElf } from "../../src/elf/parse.js";
import type { ByteSource } from "../../src/elf/types.js";
import { collect } from "../../src/scan/scan.js";
import { buildElf } from "../support/elf-builder.js";
import { lockedTree, runAsNobody, runCli, tempDir } from "../support/run-cli.js";

describe("tree walk", () => {
  let root: string;
  let server: Server;
  beforeAll(async () => {
    root = tempDir("nbc-walk-");
    mkdirSync(join(root, "a/b"), { recursive: true });
    copyFileSync("/bin/true", join(root, "a/tool"));
    linkSync(join(root, "a/tool"), join(root, "a/b/tool-hardlink"));
    symlinkSync(".", join(root, "a/loop"));
    symlinkSync("../tool", join(root, "a/b/tool-symlink"));
    symlinkSync("/nonexistent/target", join(root, "dangling"));
    execFileSync("mkfifo", [join(root, "fifo")]);
    server = createServer();
    await new Promise<void>((res) => server.listen(join(root, "sock"), res));
    writeFileSync(join(root, "new\nline"), readFileSync("/bin/true"));
    writeFileSync(Buffer.concat([Buffer.from(`${root}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from(".bin")]), "x");
    writeFileSync(join(root, "short-elf"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]));
  });
  afterAll(() => server?.close());

  it("reports regular ELF files once per inode, with every path, and never opens special files", () => {
    const t0 = Date.now();
    const { report } = collect([root]);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const tool = report.files.find((f) => f.paths.includes(join(root, "a/tool")));
    expect(tool?.paths).toEqual([join(root, "a/b/tool-hardlink"), join(root, "a/tool")]);
    expect(tool?.path).toBe(join(root, "a/b/tool-hardlink"));
    expect(report.summary.hardLinkedPaths).toBe(1);
    expect(report.summary.special).toBe(2);
    const links = report.symlinks.map((s) => [s.path.slice(root.length), s.target]);
    expect(links).toEqual([
      ["/a/b/tool-symlink", "../tool"],
      ["/a/loop", "."],
      ["/dangling", "/nonexistent/target"],
    ]);
  });

  it("scans a name with a newline and flags it; reports a non-UTF-8 name with a stable code", () => {
    const { report } = collect([root]);
    const nl = report.files.find((f) => f.path.endsWith("new\nline"));
    expect(nl?.elf?.interpreter).toBe("/lib64/ld-linux-x86-64.so.2");
    expect(nl?.warnings).toEqual([{ code: "path-control-characters" }]);
    const bad = report.problems.find((p) => p.code === "path-not-utf8");
    expect(bad?.path).toContain(`${root}/bad-`);
    expect(bad?.detail).toEqual({ reason: "not-utf8" });
  });

  it("warns about a setuid file that relies on $ORIGIN (ld.so's secure mode ignores it)", () => {
    const dir = tempDir("nbc-suid-");
    writeFileSync(
      join(dir, "suid"),
      buildElf({ type: 3, interp: "/lib64/ld-linux-x86-64.so.2", dynamic: { needed: ["libc.so.6"], runpath: "$ORIGIN/lib" } }).bytes,
      { mode: 0o4755 },
    );
    chmodSync(join(dir, "suid"), 0o4755);
    writeFileSync(
      join(dir, "plain"),
      buildElf({ type: 3, interp: "/lib64/ld-linux-x86-64.so.2", dynamic: { needed: ["libc.so.6"], runpath: "$ORIGIN/lib" } }).bytes,
      { mode: 0o755 },
    );
    const { report } = collect([dir]);
    expect(report.files.find((f) => f.path.endsWith("/suid"))?.warnings).toEqual([{ code: "setuid-origin" }]);
    expect(report.files.find((f) => f.path.endsWith("/plain"))?.warnings).toEqual([]);
  });

  it("gives a truncated ELF file a per-file error and goes on", () => {
    const { report } = collect([root]);
    const s = report.files.find((f) => f.path.endsWith("short-elf"));
    expect(s?.elf).toBeNull();
    expect(s?.errors.map((e) => e.code)).toEqual(["elf-truncated"]);
  });

  it("the CLI prints a newline in a name escaped on one line", () => {
    expect(runCli(["-v", root]).stdout).toContain(JSON.stringify(join(root, "new\nline")));
    // The table never breaks a row on it either.
    expect(runCli([root]).stdout).not.toContain("new\nline");
  });

  it("records an unreadable directory and keeps walking (as a user root ignores permissions, so run as nobody)", () => {
    const dir = lockedTree();
    chmodSync(join(dir, "open/tool"), 0o644);
    const r = runAsNobody(["--json", dir]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.files.map((f: { path: string }) => f.path)).toEqual([join(dir, "open/tool")]);
    expect(doc.problems).toEqual([
      {
        path: join(dir, "locked"),
        code: "walk-unreadable-dir",
        detail: { reason: "cannot-list", error: { errno: "EACCES", message: expect.stringContaining("scandir") }, ignoreGlob: "locked" },
        message: "cannot list directory: permission denied (run as a user who can read it, or leave it out with --ignore locked)",
      },
    ]);
  });

  it("reads a few KiB of a 2 GiB+ sparse ELF file and reports it", () => {
    const dir = tempDir("nbc-big-");
    const p = join(dir, "huge");
    copyFileSync("/bin/true", p);
    const fd = openSync(p, "r+");
    ftruncateSync(fd, 2 ** 31 + 4096 * 3);
    closeSync(fd);
    const { report } = collect([dir]);
    expect(report.files[0]?.size).toBe(2 ** 31 + 4096 * 3);
    expect(report.files[0]?.elf?.needed).toContain("libc.so.6");
    expect(report.files[0]?.elf?.trailingPayload?.size).toBeGreaterThan(2 ** 30);
  });

  it("a file that shrinks during the scan gives elf-file-changed, not a crash", () => {
    const bytes = readFileSync("/bin/true");
    // The source claims the original size but the data ends after the program headers.
    const cut = 1024;
    const src: ByteSource = {
      size: bytes.length,
      read: (off, len) => (off >= cut ? new Uint8Array(0) : bytes.subarray(off, Math.min(cut, off + len))),
    };
    // As the scanner calls it: the first bytes were read before the file shrank.
    const r = parseElf(src, { head: bytes.subarray(0, cut) });
    expect(r.info?.interpreter).toBe("/lib64/ld-linux-x86-64.so.2");
    expect(r.errors.map((e) => e.code)).toEqual(["elf-file-changed"]);
    // Shrunk before the header could be read at all.
    const early = parseElf(src);
    expect(early.info).toBeNull();
    expect(early.errors.map((e) => e.code)).toEqual(["elf-file-changed"]);
  });
});

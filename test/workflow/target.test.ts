// The NixOS judged is the user's: the project's flake.lock, the config, --nixpkgs, this NixOS host's
// os-release, in that order, each named in the report (JSON, table, SARIF, Nix headers); hostile
// files give a one-line warning and the next source is used.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, type World } from "../../src/cli/run.js";
import { scan } from "../../src/index.js";
import { buildElf } from "../support/elf-builder.js";
import { CLI, runCli, tempDir } from "../support/run-cli.js";
import { gitEnv } from "../support/tool-env.js";
import { exe, writeTree } from "../support/tree.js";

const LOCKS = new URL("../../fixtures/flake-locks/", import.meta.url).pathname;

/** A project whose one executable needs GLIBC_2.41: too new for 25.05/25.11 (2.40), fine from 26.05 (2.42). */
function project(lock: string | null): string {
  const t = writeTree({
    "bin/app": exe(
      { needed: ["libc.so.6"], verneed: [{ file: "libc.so.6", versions: [{ name: "GLIBC_2.2.5" }, { name: "GLIBC_2.41" }] }] },
      { interp: "/nix/store/x-glibc/lib/ld-linux-x86-64.so.2" },
    ),
  });
  if (lock !== null) copyFileSync(join(LOCKS, lock), join(t, "flake.lock"));
  return t;
}

const json = (dir: string, ...args: string[]) => {
  const r = runCli(["--json", "--no-host-pass", "--no-nix-locate", "--system", "x86_64-linux", ...args, "."], { cwd: dir });
  return { ...r, doc: JSON.parse(r.stdout) as { target: any; files: { path: string; analysis?: { verdict: string } }[] } };
};
const verdict = (doc: { files: { path: string; analysis?: { verdict: string } }[] }) =>
  doc.files.find((f) => f.path.replace(/^\.\//, "") === "bin/app")?.analysis?.verdict;

describe("the project's flake.lock sets the target", () => {
  it("nixos-26.05 in the lock: judged against 26.05 and the report says where that came from", () => {
    const t = project("ava-labs-avalanchego.lock");
    const r = json(t);
    expect(r.stderr).toBe("");
    expect(r.doc.target).toEqual(
      expect.objectContaining({
        release: "26.05",
        releaseSource: { code: "flake-lock", file: "flake.lock", input: "nixpkgs", form: "github", ref: "nixos-26.05" },
        glibc: expect.objectContaining({ value: "2.42", source: expect.stringContaining("glibc/common.nix"), confirmed: true }),
      }),
    );
    expect(verdict(r.doc)).toBe("ok");
  });

  it("nixos-25.05 in the lock (found from a subdirectory): 25.05's glibc, and a warning that 25.05 is past its end of life", () => {
    const t = project("stilxam-stacy.lock");
    const r = runCli(["--json", "--no-host-pass", "--no-nix-locate", "--system", "x86_64-linux", "bin"], { cwd: t });
    expect(r.stderr).toBe(
      "nix-bincheck: warning: nixpkgs 25.05 reached its end of life on 2025-12-31 and gets no more fixes; judging against it anyway (move to a supported release)\n",
    );
    const doc = JSON.parse(r.stdout);
    expect(doc.target.release).toBe("25.05");
    expect(doc.target.warnings).toEqual([{ code: "release-end-of-life", release: "25.05", endOfLife: "2025-12-31" }]);
    expect(doc.files.find((f: { path: string }) => f.path === "bin/app").analysis.verdict).toBe("needs-newer-glibc");
  });

  it("the config's nixpkgs wins over the lock, and --nixpkgs over both", () => {
    const t = project("ava-labs-avalanchego.lock");
    writeFileSync(join(t, "nix-bincheck.config.json"), JSON.stringify({ nixpkgs: "25.11" }));
    const c = json(t);
    expect(c.doc.target.releaseSource).toEqual({ code: "config", file: join(t, "nix-bincheck.config.json") });
    expect(verdict(c.doc)).toBe("needs-newer-glibc");
    expect(json(t, "--nixpkgs", "unstable").doc.target.releaseSource).toEqual({ code: "option" });
  });

  it("a lock pinned to a commit: release unknown, a warning, and the built-in default", () => {
    const t = project("hspec-hspec.lock");
    const r = json(t);
    expect(r.stderr).toBe(
      `nix-bincheck: warning: flake.lock: input nixpkgs is pinned to a commit (4d60081494259c0785f7e228518fee74e0792c1b), release unknown; falling back to the next source\n`,
    );
    expect(r.doc.target.releaseSource).toEqual({ code: "default" });
  });

  it("an unknown newer release is judged as the nearest known one, never refused", () => {
    const r = json(project(null), "--nixpkgs", "27.05");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "nix-bincheck: warning: nixpkgs 27.05 (from --nixpkgs) is not a release nix-bincheck knows; judging against the nearest known one, 26.11\n",
    );
    expect(r.doc.target.release).toBe("26.11");
    expect(runCli(["--nixpkgs", "newest", "."]).stderr).toBe(
      'nix-bincheck: error: --nixpkgs takes a release such as 25.05, 25.11, 26.05, 26.11, unstable, not "newest"\n',
    );
  });
});

describe("--staged", () => {
  it("reads the repository's flake.lock (the staged files are checked out elsewhere)", () => {
    const env = gitEnv(tempDir("nbc-git-env-"));
    const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", env });
    const repo = tempDir("nbc-git-");
    git(repo, "init", "-q");
    copyFileSync(join(LOCKS, "stilxam-stacy.lock"), join(repo, "flake.lock"));
    mkdirSync(join(repo, "bin"));
    const needs241 = exe(
      { needed: ["libc.so.6"], verneed: [{ file: "libc.so.6", versions: [{ name: "GLIBC_2.2.5" }, { name: "GLIBC_2.41" }] }] },
      { interp: "/nix/store/x-glibc/lib/ld-linux-x86-64.so.2" },
    );
    writeFileSync(join(repo, "bin/app"), buildElf(needs241).bytes, { mode: 0o755 });
    git(repo, "add", "bin/app");
    let out = "";
    try {
      execFileSync(process.execPath, [CLI, "--staged", "--json", "--no-host-pass", "--no-nix-locate", "--system", "x86_64-linux"], {
        cwd: repo,
        encoding: "utf8",
        env,
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch (e) {
      out = (e as { stdout: string }).stdout; // exit 1: the finding
    }
    const doc = JSON.parse(out);
    expect(doc.target.release).toBe("25.05");
    expect(doc.target.releaseSource.file).toMatch(/\/flake\.lock$/);
    expect(doc.files[0].analysis.verdict).toBe("needs-newer-glibc");
  });
});

describe("hostile flake.lock files: one line naming the file and the key, then the next source", () => {
  const cases: [string, string | Buffer, string][] = [
    ["huge", `{"nodes": {}, "pad": "${"x".repeat(1024 * 1024)}"}`, "(file) is too large"],
    ["binary", Buffer.from([0x7b, 0x00, 0x7d, 0xff]), "(file) is not text"],
    ["not JSON", '{"nodes": {"root": ', "(file) is not JSON"],
    ["wrong type", '{"nodes": {"root": {"inputs": {"nixpkgs": 42}}}}', "nodes.root.inputs.nixpkgs is not as expected"],
  ];
  for (const [name, text, says] of cases) {
    it(name, () => {
      const t = project(null);
      writeFileSync(join(t, "flake.lock"), text);
      const r = json(t);
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^nix-bincheck: warning: flake.lock: ${says.replace(/[().]/g, "\\$&")} \\(.*\\); ignoring it`));
      expect(r.doc.target.releaseSource).toEqual({ code: "default" });
      expect(r.doc.target.warnings[0]).toEqual(expect.objectContaining({ code: "source-unreadable", file: "flake.lock" }));
      expect(verdict(r.doc)).toBe("ok");
    });
  }
});

describe("a flake.lock that is not a regular file", () => {
  it("a FIFO is turned away at once (the scan does not wait for a writer)", () => {
    const t = project(null);
    execFileSync("mkfifo", [join(t, "flake.lock")]);
    const r = json(t);
    expect(r.stderr).toBe("nix-bincheck: warning: flake.lock: (file) is unreadable (not a regular file); ignoring it and falling back to the next source\n");
    expect(r.doc.target.releaseSource).toEqual({ code: "default" });
  });
});

describe("this NixOS host's os-release", () => {
  function inProcess(osRelease: string, dir: string) {
    const out = { stdout: "", stderr: "" };
    const stream = (k: "stdout" | "stderr") =>
      ({
        write: (s: string) => {
          out[k] += s;
          return true;
        },
      }) as unknown as World["stdout"];
    const w: World = { stdout: stream("stdout"), stderr: stream("stderr"), env: {}, cwd: dir, arch: "x64", osRelease };
    const code = run(["--json", "--no-host-pass", "--no-nix-locate", dir], w);
    return { code, stderr: out.stderr, doc: JSON.parse(out.stdout) };
  }
  it("is used when nothing nearer names a release", () => {
    const t = project(null);
    const os = join(tempDir(), "os-release");
    writeFileSync(os, 'NAME=NixOS\nID=nixos\nVERSION="25.11 (Xantusia)"\nVERSION_ID="25.11"\nBUILD_ID="25.11.20260101.abcdef0"\n');
    const r = inProcess(os, t);
    expect(r.doc.target.releaseSource).toEqual({ code: "os-release", file: os, versionId: "25.11" });
    expect(r.doc.files.find((f: { path: string }) => f.path.endsWith("bin/app")).analysis.verdict).toBe("needs-newer-glibc");
  });
  it("NIX_BINCHECK_OS_RELEASE names the file the command reads", () => {
    const t = project(null);
    const os = join(tempDir(), "os-release");
    writeFileSync(os, 'ID=nixos\nVERSION_ID="26.11"\nBUILD_ID="26.11pre901234.abcdef0"\n');
    const r = runCli(["--json", "--no-host-pass", "--no-nix-locate", "--system", "x86_64-linux", "."], { cwd: t, env: { NIX_BINCHECK_OS_RELEASE: os } });
    expect(JSON.parse(r.stdout).target).toEqual(
      expect.objectContaining({ release: "unstable", releaseSource: { code: "os-release", file: os, versionId: "26.11" } }),
    );
  });
  it("a binary os-release is one warning, then the default", () => {
    const t = project(null);
    const os = join(tempDir(), "os-release");
    writeFileSync(os, Buffer.from([0, 1, 2, 3]));
    const r = inProcess(os, t);
    expect(r.stderr).toBe(`nix-bincheck: warning: ${os}: (file) is not text (it holds NUL bytes); ignoring it and falling back to the next source\n`);
    expect(r.doc.target.releaseSource).toEqual({ code: "default" });
  });
});

describe("every output says what was judged", () => {
  it("table, SARIF and the Nix header name the release, its glibc and where the release came from", () => {
    const t = project("ava-labs-avalanchego.lock");
    const base = ["--no-host-pass", "--no-nix-locate", "--system", "x86_64-linux", "--host", "none"];
    const line = `Judged against nixpkgs 26.05 (glibc 2.42) for x86_64-linux, from flake.lock (flake.lock, input nixpkgs, ref nixos-26.05)`;
    expect(runCli([...base, "."], { cwd: t }).stdout).toContain(`\n${line}\n`);
    const sarif = JSON.parse(runCli([...base, "--format", "sarif", "."], { cwd: t }).stdout);
    expect(sarif.runs[0].properties.targetText).toBe(line.replace(/^Judged against /, ""));
    expect(sarif.runs[0].properties.target.releaseSource.code).toBe("flake-lock");
    const fhs = project("ava-labs-avalanchego.lock");
    writeTreeInto(fhs);
    expect(runCli([...base, "--emit", "nix-ld", "."], { cwd: fhs }).stdout).toContain(
      "# Judged against nixpkgs 26.05 (glibc 2.42) for x86_64-linux, from flake.lock (",
    );
  });

  it("the library's scan() settles the target the same way and returns it", async () => {
    const t = project("ava-labs-avalanchego.lock");
    const r = await scan(".", { cwd: t, config: false, system: "x86_64-linux", nixLocate: false, buildHostPass: false });
    expect(r.target?.releaseSource).toEqual(expect.objectContaining({ code: "flake-lock", ref: "nixos-26.05" }));
    const warnings: string[] = [];
    const u = await scan(".", {
      cwd: t,
      config: false,
      system: "x86_64-linux",
      nixpkgs: "27.11",
      nixLocate: false,
      buildHostPass: false,
      onWarning: (w) => warnings.push(w),
    });
    expect(u.target?.release).toBe("26.11");
    expect(warnings[0]).toContain("nixpkgs 27.11 (from --nixpkgs) is not a release nix-bincheck knows");
    const off = await scan(".", { cwd: t, config: false, system: "x86_64-linux", flakeLock: false, osRelease: null, nixLocate: false, buildHostPass: false });
    expect(off.target?.releaseSource).toEqual({ code: "default" });
  });
});

/** Add an FHS executable (needs nix-ld) to a project, so --emit nix-ld has something to say. */
function writeTreeInto(dir: string): void {
  const src = writeTree({ "bin/fhs": exe({ needed: ["libc.so.6"] }) });
  copyFileSync(join(src, "bin/fhs"), join(dir, "bin/fhs"));
}

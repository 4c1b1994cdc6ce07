// The CLI in-process, with a World whose streams claim to be terminals: colour and the progress line
// appear on a terminal only, and NO_COLOR (set and not empty) turns both off.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HELP } from "../../src/cli/args.js";
import { run, type World } from "../../src/cli/run.js";
import { tempDir } from "../support/run-cli.js";

function world(env: Record<string, string>, tty: { stdout: boolean; stderr: boolean }) {
  const out = { stdout: "", stderr: "" };
  const stream = (name: "stdout" | "stderr") =>
    ({
      isTTY: tty[name],
      write: (s: string) => {
        out[name] += s;
        return true;
      },
    }) as unknown as World["stdout"];
  const w: World = { stdout: stream("stdout"), stderr: stream("stderr"), env, cwd: process.cwd(), arch: "x64" };
  return { w, out };
}

describe("terminal output in-process", () => {
  let tree: string;
  beforeAll(() => {
    // More than 256 files, so the scan reports progress at least once; one FHS executable to colour.
    tree = tempDir("nbc-tty-");
    mkdirSync(join(tree, "bin"));
    copyFileSync("/bin/true", join(tree, "bin/true"));
    for (let i = 0; i < 300; i++) writeFileSync(join(tree, `f${i}.js`), "1;\n");
  });
  const args = () => ["--no-host-pass", "--no-nix-locate", tree];

  it("a terminal's stderr gets the progress line (cleared at the end), its stdout colour", () => {
    const { w, out } = world({}, { stdout: true, stderr: true });
    expect(run(args(), w)).toBe(1);
    expect(out.stderr).toMatch(/^\r\u001b\[Kscanning: 256 files, 0 ELF/);
    expect(out.stderr).toMatch(/\r\u001b\[K$/);
    expect(out.stdout).toMatch(/\u001b\[/);
  });

  it("NO_COLOR turns off both; an empty NO_COLOR does not", () => {
    const off = world({ NO_COLOR: "1" }, { stdout: true, stderr: true });
    expect(run(args(), off.w)).toBe(1);
    expect(off.out.stderr).toBe("");
    expect(off.out.stdout).not.toMatch(/\u001b\[/);
    const empty = world({ NO_COLOR: "" }, { stdout: true, stderr: true });
    run(args(), empty.w);
    expect(empty.out.stderr).toContain("scanning:");
    expect(empty.out.stdout).toMatch(/\u001b\[/);
  });

  it("not a terminal, or -q: neither", () => {
    const piped = world({}, { stdout: false, stderr: false });
    run(args(), piped.w);
    expect(piped.out.stderr).toBe("");
    expect(piped.out.stdout).not.toMatch(/\u001b\[/);
    const quiet = world({}, { stdout: true, stderr: true });
    run(["-q", ...args()], quiet.w);
    expect(quiet.out.stderr).toBe("");
  });

  it("--help documents --ignore, the version-control skip and where the config is found", () => {
    expect(HELP).toContain("--ignore GLOB        leave out paths matching GLOB (repeatable), relative to the PATH they are under");
    expect(HELP).toContain("Directories named .git, .hg, .svn, _darcs and .jj below a PATH are not scanned.");
    expect(HELP).toContain("the nearest nix-bincheck.config.json");
  });
});

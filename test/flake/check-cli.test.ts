// test/flake/check-cli.sh is the flake's check (checks.default). Nix cannot build here, so the script
// runs outside Nix exactly as the derivation runs it, against the built bundle; and it must fail
// when the command under test gives wrong answers, or it proves nothing.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, tempDir } from "../support/run-cli.js";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const SCRIPT = join(ROOT, "test/flake/check-cli.sh");

function check(command: string): { code: number | null; output: string } {
  const r = spawnSync("sh", [SCRIPT, command, join(tempDir("nbc-check-cli-"), "work")], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" },
    timeout: 120_000,
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("test/flake/check-cli.sh (the flake's check)", () => {
  it("passes with the built command", () => {
    const r = check(`${process.execPath} ${CLI}`);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain("check-cli: 4 cases as expected");
  });

  it("fails with a command that finds nothing", () => {
    const r = check("true");
    expect(r.code).toBe(1);
    expect(r.output).toContain("check-cli: fhs: exit 0, expected 1");
    expect(r.output).toContain("check-cli: missing: output lacks 'libfixture.so.1'");
  });
});

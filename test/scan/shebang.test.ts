// The #! advice, checked by running it: each advised line is written into a script of our own (never a
// scanned file) and executed by the real kernel and env, next to the same script with the original line
// (whose interpreter this Debian machine has), and both must behave the same.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { judgeShebang } from "../../src/scan/shebang.js";
import { tempDir } from "../support/run-cli.js";

let dir = "";
let bin = "";
beforeAll(() => {
  dir = tempDir("nbc-shebang-");
  bin = join(dir, "bin");
  mkdirSync(bin);
  // An interpreter that shows exactly what it was given: the argument count and each argument.
  writeFileSync(join(bin, "showargs"), '#!/bin/bash\nprintf "%s\\n" "$#"\nfor a in "${@:1:$#-1}"; do printf "[%s]\\n" "$a"; done\n', { mode: 0o755 });
});

let n = 0;
/** Write an executable script with this #! line and body, run it, return its status and output. */
function run(line: string, body: string): { status: number | null; stdout: string; stderr: string } {
  const file = join(dir, `script-${n++}`);
  writeFileSync(file, `${line}\n${body}\n`);
  chmodSync(file, 0o755);
  const r = spawnSync(file, [], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, HOME: "/home-must-not-be-expanded", LC_ALL: "C" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fixOf(line: string): string {
  const f = judgeShebang("x", line.slice(2));
  expect(f, line).not.toBeNull();
  return f!.fix;
}

describe("the advised #! line", () => {
  it.each([
    ["#!/usr/bin/perl", "#!/usr/bin/env perl"],
    ["#!/usr/bin/perl -w", "#!/usr/bin/env -S perl -w"],
    ["#!/usr/bin/perl -T", "#!/usr/bin/env -S perl -T"],
    ["#!/usr/bin/perl -w -T", "#!/usr/bin/env -S perl '-w -T'"],
    ["#!/bin/bash -e", "#!/usr/bin/env -S bash -e"],
    ["#!/opt/x/bin/tool a'b $HOME #c \\d", "#!/usr/bin/env -S tool 'a\\'b $HOME #c \\\\d'"],
    ["#!/usr/local/bin/python3  \t-u  ", "#!/usr/bin/env -S python3 -u"],
  ])("%s -> %s", (line, fix) => expect(fixOf(line)).toBe(fix));

  it("none for interpreters NixOS has", () => {
    for (const line of ["/bin/sh -e", "/usr/bin/env perl", "/usr/bin/env -S perl -w", "/nix/store/abc-perl/bin/perl -w", "perl"])
      expect(judgeShebang("x", line)).toBeNull();
  });
});

describe("the advised #! line runs, and does what the original line did", () => {
  const cases: [string, string, RegExp][] = [
    ["#!/usr/bin/perl", 'print "ok\\n";', /^ok\n$/],
    ["#!/usr/bin/perl -w", 'print "warnings=$^W\\n";', /^warnings=1\n$/],
    // Taint mode cannot be switched on inside the script, and perl refuses a -T it finds only on the
    // #! line: with env -S it is on perl's command line.
    ["#!/usr/bin/perl -T", 'print "taint=${^TAINT}\\n";', /^taint=1\n$/],
    ["#!/usr/bin/perl -wT", 'print "warnings=$^W taint=${^TAINT}\\n";', /^warnings=1 taint=1\n$/],
    ["#!/usr/bin/perl -w -T", 'print "warnings=$^W taint=${^TAINT}\\n";', /^warnings=1 taint=1\n$/],
    ["#!/usr/bin/python3", 'print("ok")', /^ok\n$/],
    ["#!/usr/bin/python3 -O", "import sys; print('optimize', sys.flags.optimize)", /^optimize 1\n$/],
    ["#!/usr/bin/python3 -OO", "import sys; print('optimize', sys.flags.optimize)", /^optimize 2\n$/],
    ["#!/bin/bash -e", "case $- in *e*) echo errexit;; esac", /^errexit\n$/],
    ["#!/usr/bin/bash -eu", "case $- in *e*u*|*u*e*) echo errexit-nounset;; esac", /^errexit-nounset\n$/],
    ["#!/usr/bin/sh -e", "case $- in *e*) echo errexit;; esac", /^errexit\n$/],
  ];
  it.each(cases)("%s", (line, body, want) => {
    const original = run(line, body);
    expect(original, "the original line, with the interpreter where it says").toMatchObject({ status: 0, stdout: expect.stringMatching(want) });
    const fix = fixOf(line);
    expect(run(fix, body)).toEqual(original);
  });

  it("the argument reaches the interpreter exactly as the kernel passed it: one argument, nothing expanded", () => {
    const arg = `a'b "c"  $HOME \${HOME} #d \\e \\\\f`;
    const original = run(`#!${bin}/showargs ${arg}`, "");
    expect(original).toEqual({ status: 0, stdout: `2\n[${arg}]\n`, stderr: "" });
    const fix = fixOf(`#!/opt/vendor/bin/showargs ${arg}`);
    expect(fix.startsWith("#!/usr/bin/env -S showargs ")).toBe(true);
    expect(run(fix, "")).toEqual(original);
  });
});

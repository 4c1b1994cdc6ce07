// The audit script (test/scripts/fresh-audit.mjs) on made-up reports and indexes: one line per soname a
// report maps (packages and GPU drivers, never its unmapped sonames), with who installs it in Debian,
// that package's source, upstream version and Homepage, and the verdict an earlier audit gave the same
// soname and attribute. No network: both indexes are given.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { tempDir } from "../support/run-cli.js";

const SCRIPT = new URL("../scripts/fresh-audit.mjs", import.meta.url).pathname;

function fixture(): string {
  const dir = tempDir("nbc-audit-");
  const packages = [
    "Package: libnbcfoo2\nSource: nbcfoo (2.3.1+dfsg-1)\nVersion: 1:2.3.1+dfsg-1\nHomepage: https://foo.example/\n",
    "Package: libnbcbar1\nVersion: 1.2.13.dfsg-1\n",
    "Package: nbcbar-tools\nVersion: 1.2.13.dfsg-1\n",
  ].join("\n");
  writeFileSync(join(dir, "Packages.gz"), gzipSync(packages));
  const contents = [
    "usr/lib/x86_64-linux-gnu/libnbcfoo.so.2          libs/libnbcfoo2",
    "usr/lib/x86_64-linux-gnu/nbcfoo/libnbcfoo.so.2   libs/nbcfoo-plugins", // not a library directory: ignored while one installs it
    "usr/lib/x86_64-linux-gnu/nbcbar/libnbcbar.so.1   libs/libnbcbar1,utils/nbcbar-tools", // only here: taken
    "usr/lib/x86_64-linux-gnu/libnbcunmapped.so.1     libs/libnbcunmapped1",
  ].join("\n");
  writeFileSync(join(dir, "Contents.gz"), gzipSync(`${contents}\n`));
  const report = (packages: { attr: string; sonames: string[] }[], drivers: { soname: string }[]) =>
    JSON.stringify({ mapping: { packages, drivers, unmapped: [{ soname: "libnbcunmapped.so.1", why: { code: "look-up" } }] } });
  writeFileSync(
    join(dir, "a.json"),
    report(
      [
        { attr: "nbcfoo", sonames: ["libnbcfoo.so.2"] },
        { attr: "nbcbar", sonames: ["libnbcbar.so.1", "libnbcnowhere.so.3"] },
      ],
      [{ soname: "libnbcgpu.so.1" }],
    ),
  );
  writeFileSync(join(dir, "b.json"), report([{ attr: "nbcfoo_2", sonames: ["libnbcfoo.so.2"] }], []));
  return dir;
}

const run = (dir: string, ...extra: string[]) =>
  execFileSync(
    process.execPath,
    [SCRIPT, "--packages", join(dir, "Packages.gz"), "--contents", join(dir, "Contents.gz"), "--report", `set a=${join(dir, "a.json")}`, ...extra],
    { encoding: "utf8" },
  );

it("lists each mapped soname with Debian's package, source, version and homepage, never the unmapped ones", () => {
  const dir = fixture();
  expect(run(dir).split("\n")).toEqual([
    "set a\tlibnbcbar.so.1\tnbcbar\tlibnbcbar1,nbcbar-tools\tlibnbcbar1,nbcbar-tools\t1.2.13\t-\ttodo\t-",
    "set a\tlibnbcfoo.so.2\tnbcfoo\tlibnbcfoo2\tnbcfoo\t2.3.1\thttps://foo.example/\ttodo\t-",
    "set a\tlibnbcgpu.so.1\t(driver)\t-\t-\t-\t-\ttodo\t-",
    "set a\tlibnbcnowhere.so.3\tnbcbar\t-\t-\t-\t-\ttodo\t-",
    "",
  ]);
});

it("carries an earlier verdict over to the same soname and attribute only, in every set", () => {
  const dir = fixture();
  writeFileSync(
    join(dir, "audit.tsv"),
    "# made up\nset\tsoname\tattr\tdebian_package\tsource\tversion\thomepage\tverdict\treason\nold set\tlibnbcfoo.so.2\tnbcfoo\tx\tx\tx\tx\tsame\tfoo 2 in both\n",
  );
  const out = run(dir, "--report", `set b=${join(dir, "b.json")}`, "--audit", join(dir, "audit.tsv"));
  const lines = out.split("\n").filter((l) => l.includes("libnbcfoo.so.2"));
  // Set b maps the soname to another attribute: it must be audited again.
  expect(lines.map((l) => l.split("\t").filter((_, i) => [0, 2, 7, 8].includes(i)))).toEqual([
    ["set a", "nbcfoo", "same", "foo 2 in both"],
    ["set b", "nbcfoo_2", "todo", "-"],
  ]);
});

it("refuses a report that is not the CLI's JSON and an audit line with the wrong number of columns", () => {
  const dir = fixture();
  writeFileSync(join(dir, "bad.json"), "{}");
  const bad = spawnSync(
    process.execPath,
    [SCRIPT, "--packages", join(dir, "Packages.gz"), "--contents", join(dir, "Contents.gz"), "--report", `x=${join(dir, "bad.json")}`],
    {
      encoding: "utf8",
    },
  );
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("bad.json has no mapping.packages/drivers");
  writeFileSync(join(dir, "short.tsv"), "set a\tlibnbcfoo.so.2\tnbcfoo\tsame\n");
  const short = spawnSync(
    process.execPath,
    [
      SCRIPT,
      "--packages",
      join(dir, "Packages.gz"),
      "--contents",
      join(dir, "Contents.gz"),
      "--report",
      `a=${join(dir, "a.json")}`,
      "--audit",
      join(dir, "short.tsv"),
    ],
    { encoding: "utf8" },
  );
  expect(short.status).toBe(2);
  expect(short.stderr).toMatch(/short\.tsv: a line has 4 columns, not 9/);
});

// The check against a newer Debian release (test/scripts/soname-debian-check.mjs) on made-up indexes and
// a made-up table: a row that maps a soname the named release no longer installs, a row that says no
// package has a soname the named release does install, and an `exists` row the named release confirms
// are printed; a row naming another release, or naming the release only as Debian's, is not. No network:
// both indexes are given.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { tempDir } from "../support/run-cli.js";

const SCRIPT = new URL("../scripts/soname-debian-check.mjs", import.meta.url).pathname;

it("prints the rows a newer Debian release contradicts at the release they name, and only those", () => {
  const dir = tempDir("nbc-debcheck-");
  const stanza = (pkg: string, version: string) => `Package: ${pkg}\nVersion: ${version}\n`;
  writeFileSync(
    join(dir, "Packages.gz"),
    gzipSync(
      [
        stanza("libfoo2", "1:2.3.1+dfsg-1"),
        stanza("libbar2", "2.0-1"),
        stanza("libbaz3", "4.1-2"),
        stanza("libqux1", "1.0-1"),
        stanza("libold1", "0.9-1"),
      ].join("\n"),
    ),
  );
  const contents = [
    "usr/lib/x86_64-linux-gnu/libfoo.so.2          libs/libfoo2",
    "usr/lib/x86_64-linux-gnu/libfoo.so.2.0.0      libs/libfoo2",
    "usr/lib/x86_64-linux-gnu/libbar.so.2          libs/libbar2",
    "usr/lib/x86_64-linux-gnu/libbaz.so.3          libs/libbaz3",
    "usr/lib/x86_64-linux-gnu/libqux.so.1          libs/libqux1",
    "usr/lib/x86_64-linux-gnu/libold.so.1          libs/libold1",
  ].join("\n");
  writeFileSync(join(dir, "Contents.gz"), gzipSync(`${contents}\n`));
  const row = (soname: string, attr: string | null, note: string) => ({
    soname,
    attr,
    class: attr ? "nixpkgs" : "none",
    evidence: "ships",
    files: ["x"],
    read: "2026-12",
    note,
  });
  const table = [
    row("libfoo.so.1", "foo", "foo 2.3.1"), // the named release installs libfoo.so.2: printed
    row("libbar.so.1", "bar", "bar 1.0"), // Debian's is another release: not printed
    row("libbaz.so.3", null, "nixpkgs baz 4.1 installs libbaz.so.4"), // the named release installs it: printed
    row("libqux.so.1", null, "Debian 12 has 1.0; nixpkgs qux 2.0 installs libqux.so.2"), // 1.0 is only Debian's: not printed
    row("libold.so.1", "old", "old 0.9"), // Debian installs the same soname on a row already `ships`: nothing to say
    { ...row("libqux.so.1", "qux", "qux 1.0 (not checked)"), soname: "libqux.so.1", evidence: "exists" }, // confirmed: printed
    row("libfoo-{N}.so.{N}", "foo", "foo 2.3.1"), // patterns are not checked
  ];
  writeFileSync(join(dir, "table.json"), JSON.stringify(table));
  const out = execFileSync(
    process.execPath,
    [SCRIPT, "--packages", join(dir, "Packages.gz"), "--contents", join(dir, "Contents.gz"), "--table", join(dir, "table.json")],
    { encoding: "utf8" },
  );
  expect(out).toBe(
    "mapped\tlibfoo.so.1\tfoo\tlibfoo2\t2.3.1\tlibfoo.so.2\nnone\tlibbaz.so.3\t-\tlibbaz3\t4.1\tlibbaz.so.3\nconfirms\tlibqux.so.1\tqux\tlibqux1\t1.0\tlibqux.so.1\n",
  );
});

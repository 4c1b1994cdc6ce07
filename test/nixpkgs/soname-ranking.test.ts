// The ranking script (test/scripts/soname-ranking.mjs) on made-up Debian indexes: which library
// packages applications depend on most, with the names the table does not know. No network: both
// indexes are given.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { tempDir } from "../support/run-cli.js";

const SCRIPT = new URL("../scripts/soname-ranking.mjs", import.meta.url).pathname;

it("ranks library packages by their application dependents and lists only what the table lacks", () => {
  const dir = tempDir("nbc-rank-");
  const stanza = (pkg: string, section: string, depends: string) => `Package: ${pkg}\nSection: ${section}\nDepends: ${depends}\n`;
  const packages = [
    stanza("app-one", "graphics", "libnbcfoo1 (>= 1.2), libz1 | libz-alt, libc6"),
    stanza("app-two", "sound", "libnbcfoo1, libnbcbar2:any"),
    stanza("app-three", "x11", "libnbcfoo1"),
    stanza("libnbcbar-dev", "libdevel", "libnbcbar2"), // a development package, not a program: does not count
    stanza("tool-one", "devel", "libnbcbaz3"), // a developer's program counts
    stanza("app-four", "contrib/kde", "libnbcbar2, libz-alt"),
  ].join("\n");
  writeFileSync(join(dir, "Packages.gz"), gzipSync(packages));
  const contents = [
    "usr/lib/x86_64-linux-gnu/libnbcfoo.so.1.2.3      libs/libnbcfoo1",
    "usr/lib/x86_64-linux-gnu/libnbcfoo.so.1          libs/libnbcfoo1",
    "usr/lib/x86_64-linux-gnu/libnbcfoo-extra.so.1    libs/libnbcfoo1",
    "usr/lib/x86_64-linux-gnu/plugins/libnbcplug.so.1 libs/libnbcfoo1",
    "usr/lib/x86_64-linux-gnu/libnbcbar.so.2          libs/libnbcbar2",
    "usr/lib/x86_64-linux-gnu/libnbcbaz.so.3          libs/libnbcbaz3",
    "lib/x86_64-linux-gnu/libz.so.1                   libs/libz1,libs/libz-alt",
    "lib/x86_64-linux-gnu/libz.so.0                   libs/libz1", // a compat name of a library the table knows
  ].join("\n");
  writeFileSync(join(dir, "Contents.gz"), gzipSync(`${contents}\n`));
  const run = (...extra: string[]) =>
    execFileSync(process.execPath, [SCRIPT, "--packages", join(dir, "Packages.gz"), "--contents", join(dir, "Contents.gz"), ...extra], { encoding: "utf8" });
  // libz.so.1 is in the table, so libz1 is not listed, nor its compat name libz.so.0; plugins/ is not a
  // library directory.
  expect(run("--min", "1")).toBe(
    "dependents\tpackage\tunknown to the table\n3\tlibnbcfoo1\tlibnbcfoo.so.1 libnbcfoo-extra.so.1\n2\tlibnbcbar2\tlibnbcbar.so.2\n1\tlibnbcbaz3\tlibnbcbaz.so.3\n",
  );
  expect(run("--min", "3").split("\n").slice(1, -1)).toEqual(["3\tlibnbcfoo1\tlibnbcfoo.so.1 libnbcfoo-extra.so.1"]);
  expect(run("--min", "1", "--sections", "sound").split("\n").slice(1, -1)).toEqual([
    "1\tlibnbcbar2\tlibnbcbar.so.2",
    "1\tlibnbcfoo1\tlibnbcfoo.so.1 libnbcfoo-extra.so.1",
  ]);
});

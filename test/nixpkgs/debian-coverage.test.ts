// Real prebuilt binaries nobody here wrote: heavy Debian desktop packages (downloaded by .ci/run with
// `apt-get download` into .cache/debs, unpacked here with dpkg-deb -x, cached). Scanned as a NixOS
// target, the distinct external sonames they need must be mapped by the table, with verified rows.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { knownAttrs } from "../../src/nixpkgs/attrs.js";
import { lookup } from "../../src/nixpkgs/table.js";
import type { Mapping } from "../../src/nixpkgs/types.js";
import { runCli } from "../support/run-cli.js";

const CACHE = new URL("../../.cache/", import.meta.url).pathname;
const DEBS = join(CACHE, "debs");
const TREE = join(CACHE, "debtree");
/** The packages .ci/run downloads (keep in step with it). */
const DEBIAN_PACKAGES = [
  "thunderbird",
  "inkscape",
  "audacity",
  "obs-studio",
  "libqt6core6",
  "libqt6gui6",
  "libqt6widgets6",
  "blender",
  "vlc-plugin-base",
  "gimp",
];

beforeAll(() => {
  const debs = existsSync(DEBS) ? readdirSync(DEBS).filter((f) => f.endsWith(".deb")) : [];
  const have = new Set(debs.map((f) => f.split("_")[0]));
  const lacking = DEBIAN_PACKAGES.filter((p) => !have.has(p));
  if (lacking.length > 0) throw new Error(`missing .deb files for ${lacking.join(", ")} in ${DEBS}: run 'bash .ci/run' (it runs apt-get download)`);
  mkdirSync(TREE, { recursive: true });
  for (const d of debs) {
    const dest = join(TREE, d.replace(/\.deb$/, ""));
    if (existsSync(dest)) continue;
    const tmp = `${dest}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    execFileSync("dpkg-deb", ["-x", join(DEBS, d), tmp]);
    renameSync(tmp, dest);
  }
}, 300_000);

describe("coverage on real Debian desktop packages", () => {
  // Debian 12 links older library versions than nixpkgs 26.05 ships (FFmpeg 5, Boost 1.74, OpenImageIO
  // 2.4, mbedtls 2, ...): those sonames have no provider, and the table says so and what replaces them.
  // So: (a) the table knows >= 95% of the sonames; (b) >= 80% map to an attribute (82.9% when written);
  // (c) every printed attribute exists in the release; (d) the few mapped through unverified rows are
  // among the ones listed.
  it("knows the external sonames, maps most to attributes that exist, through verified rows", () => {
    const r = runCli(["--json", "--no-host-pass", "--no-nix-locate", "--nixpkgs", "26.05", TREE]);
    const m = (JSON.parse(r.stdout) as { mapping: Mapping }).mapping;
    const mapped = [...m.packages.flatMap((p) => p.sonames), ...m.drivers.map((d) => d.soname)];
    const unknown = m.unmapped.filter((u) => lookup(u.soname) === null).map((u) => u.soname);
    const noPackage = m.unmapped.filter((u) => lookup(u.soname) !== null).map((u) => u.soname);
    const total = mapped.length + m.unmapped.length;
    const share = mapped.length / total;
    console.log(
      `debian coverage: ${total} distinct external sonames; ${mapped.length} mapped to an attribute (${(share * 100).toFixed(1)}%); ` +
        `${noPackage.length} known to have no package in nixpkgs 26.05; ${unknown.length} unknown to the table${unknown.length ? ` (${unknown.join(" ")})` : ""}`,
    );
    expect(total).toBeGreaterThan(250);
    expect(unknown.length / total).toBeLessThanOrEqual(0.05);
    expect(share).toBeGreaterThanOrEqual(0.8);
    const known = knownAttrs("26.05");
    for (const p of m.packages) expect(known.has(p.attr), p.attr).toBe(true);
    const unverified = mapped.filter((s) => (lookup(s)?.row.evidence ?? "none") === "none" || lookup(s)?.versionAgnostic === true).sort();
    // The only sonames known to map through rows nobody could verify. A subset: apt-get download
    // fetches whatever Debian 12 ships today, and an update may drop one of them.
    const KNOWN_UNVERIFIED = ["libgomp.so.1", "libmozsqlite3.so", "libobs-scripting.so.1"];
    expect(unverified.filter((s) => !KNOWN_UNVERIFIED.includes(s))).toEqual([]);
  });
});

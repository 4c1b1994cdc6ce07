// Real Debian packages for the mapping tests (test/nixpkgs/debian-coverage.test.ts, fresh-audit.test.ts):
// a set's .deb files (downloaded by .ci/run) unpacked into a tree the CLI scans.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

export interface DebianDebs {
  /** The directory .ci/run downloads the set's .deb files into. */
  debs: string;
  /** Where they are unpacked, one directory a package. */
  tree: string;
  /** The packages .ci/run downloads into `debs` (keep in step with it). */
  packages: string[];
}

/**
 * Unpacks a set's .deb files into its tree (once; a crashed unpack leaves only a temporary directory).
 * Throws, saying to run .ci/run, when a package's .deb is missing.
 */
export function unpackDebs(set: DebianDebs): void {
  const debs = existsSync(set.debs) ? readdirSync(set.debs).filter((f) => f.endsWith(".deb")) : [];
  const have = new Set(debs.map((f) => f.split("_")[0]));
  const lacking = set.packages.filter((p) => !have.has(p));
  if (lacking.length > 0) throw new Error(`missing .deb files for ${lacking.join(", ")} in ${set.debs}: run 'bash .ci/run' (it runs apt-get download)`);
  mkdirSync(set.tree, { recursive: true });
  for (const d of debs) {
    const dest = join(set.tree, d.replace(/\.deb$/, ""));
    if (existsSync(dest)) continue;
    const tmp = `${dest}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    execFileSync("dpkg-deb", ["-x", join(set.debs, d), tmp]);
    // Another test file may have unpacked it meanwhile: keep theirs.
    if (existsSync(dest)) rmSync(tmp, { recursive: true, force: true });
    else renameSync(tmp, dest);
  }
}

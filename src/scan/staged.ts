// --staged checks out the index into a temporary directory. Writing every file of a large repository
// costs seconds, so only what a scan of the staged files can read is written (the directories are all
// made, so the loader sees the same directories as in a full checkout):
// - the staged files themselves (the roots);
// - every file whose name the scan does not skip as text (skip.ts): only such a file can be a library
//   the loader finds by name, or a symlink to one;
// - every package.json (the owning package of a binary is read from the nearest one above it);
// - everything below the directory of a staged package.json: the npm package checks look there for
//   what the package's install step creates (a path.txt, a bin/ placeholder...).

import { skippedByName } from "./skip.js";

/** Which index paths (repository-relative, "/"-separated) a scan of `staged` may read. */
export function neededInCheckout(staged: readonly string[]): (path: string) => boolean {
  const roots = new Set(staged);
  const packageDirs = staged.filter((p) => p === "package.json" || p.endsWith("/package.json")).map((p) => p.slice(0, p.length - "package.json".length));
  return (path) => {
    if (roots.has(path)) return true;
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (name === "package.json" || !skippedByName(name)) return true;
    return packageDirs.some((dir) => path.startsWith(dir));
  };
}

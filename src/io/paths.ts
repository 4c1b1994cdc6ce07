// The roots' real directories (the filesystem), and the mapping between absolute paths for the loader
// and the paths the user typed, for display. Pure path arithmetic is in src/model/paths.ts.
import { realpathSync, statSync } from "node:fs";
import { absolute, dirname } from "../model/paths.js";

export interface PathMapper {
  abs(p: string): string;
  display(abs: string): string;
  /** Real paths of the directory roots (and of the parent directory of file roots). */
  bundleDirs: string[];
}

export function pathMapper(roots: readonly string[], cwd: string): PathMapper {
  const pairs = roots.map((r) => ({ given: r.endsWith("/") && r.length > 1 ? r.slice(0, -1) : r, abs: absolute(cwd, r) }));
  pairs.sort((a, b) => b.abs.length - a.abs.length);
  const bundleDirs: string[] = [];
  for (const p of pairs) {
    try {
      const real = realpathSync.native(p.abs);
      bundleDirs.push(statSync(real).isDirectory() ? real : dirname(real));
    } catch {
      /* a root that vanished is reported by the walk */
    }
  }
  const displayed = (a: string): string => {
    for (const p of pairs) {
      if (a === p.abs) return p.given;
      if (a.startsWith(p.abs === "/" ? "/" : `${p.abs}/`)) return p.given === "/" ? a : `${p.given}/${a.slice(p.abs.length + (p.abs === "/" ? 0 : 1))}`;
    }
    return a;
  };
  const shown = new Map<string, string>();
  return {
    abs: (p) => absolute(cwd, p),
    // Memoised: the loader asks for the same few thousand paths once per edge.
    display: (a) => {
      let d = shown.get(a);
      if (d === undefined) {
        d = displayed(a);
        shown.set(a, d);
      }
      return d;
    },
    bundleDirs,
  };
}

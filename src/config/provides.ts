// `provides` names attributes the project's environment already has. One our table does not know is
// allowed (the environment may well provide it), but it is more often a typo, which would silently
// leave findings failing: say so, with the nearest names we know.

import { NIXPKGS_RELEASES, type NixpkgsRelease } from "../loader/profiles.js";
import type { ConfigWarning } from "../model/diagnostics.js";
import { compare } from "../model/order.js";
import { knownAttrs } from "../nixpkgs/attrs.js";

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours), case-insensitive. */
export function editDistance(left: string, right: string): number {
  const s = left.toLowerCase();
  const t = right.toLowerCase();
  let before: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    before = prev;
    prev = cur;
  }
  return prev[t.length]!;
}

/** Up to `max` known names within a few edits of `name`, nearest first. */
export function nearestNames(name: string, known: Iterable<string>, max = 3): string[] {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const scored: { attr: string; d: number }[] = [];
  for (const attr of known) {
    if (Math.abs(attr.length - name.length) > limit) continue;
    const d = editDistance(name, attr);
    if (d <= limit) scored.push({ attr, d });
  }
  return scored
    .sort((a, b) => a.d - b.d || compare(a.attr, b.attr))
    .slice(0, max)
    .map((x) => x.attr);
}

/** One warning per attribute in `provides` that the table does not know for `release`. */
export function unknownProvides(provides: readonly string[], release: NixpkgsRelease, where: string): ConfigWarning[] {
  if (provides.length === 0) return []; // the attribute set costs milliseconds to build: not for nothing
  const known = knownAttrs(release);
  const out: ConfigWarning[] = [];
  for (const attr of provides) {
    if (known.has(attr)) continue;
    const knownFor = NIXPKGS_RELEASES.filter((r) => r !== release && knownAttrs(r).has(attr));
    out.push({ code: "unknown-provides", file: where, attr, release, knownFor: [...knownFor], near: nearestNames(attr, known) });
  }
  return out;
}

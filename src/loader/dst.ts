// Dynamic string tokens ($ORIGIN, $LIB, $PLATFORM) and RPATH/RUNPATH list splitting, as ld.so does.

export interface DstValues {
  origin: string | null;
  lib: string;
  platform: string;
}

const TOKEN = /\$(?:\{(ORIGIN|LIB|PLATFORM)\}|(ORIGIN|LIB|PLATFORM)(?![A-Za-z0-9_]))/g;

/** Expand tokens; null when a recognised token has no value (e.g. $ORIGIN of a virtual object). */
export function expandDst(s: string, values: DstValues): string | null {
  if (!s.includes("$")) return s;
  let missing = false;
  const out = s.replace(TOKEN, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare;
    if (name === "ORIGIN") {
      if (values.origin === null) missing = true;
      return values.origin ?? "";
    }
    return name === "LIB" ? values.lib : values.platform;
  });
  return missing ? null : out;
}

/** True when the string uses $ORIGIN, by the same token rule as expandDst ($ORIGINX is not $ORIGIN). */
export function usesOrigin(s: string): boolean {
  return /\$(\{ORIGIN\}|ORIGIN(?![A-Za-z0-9_]))/.test(s);
}

/** True when the string uses $PLATFORM (its value depends on the CPU). */
export function usesPlatform(s: string): boolean {
  return /\$(\{PLATFORM\}|PLATFORM(?![A-Za-z0-9_]))/.test(s);
}

export type PathElement = { kind: "dir"; dir: string; raw: string } | { kind: "cwd"; raw: string } | { kind: "unresolvable"; raw: string };

/**
 * Split an RPATH/RUNPATH on ':' and expand each element; empty and relative elements depend on the
 * cwd. A value that is exactly "" adds no directory at all (checked against glibc 2.36), though an
 * empty RUNPATH still counts as present and so still switches off the RPATH chain.
 */
export function pathList(value: string, values: DstValues): PathElement[] {
  const out: PathElement[] = [];
  if (value === "") return out;
  const seen = new Set<string>();
  for (const raw of value.split(":")) {
    if (raw === "") {
      out.push({ kind: "cwd", raw });
      continue;
    }
    const expanded = expandDst(raw, values);
    if (expanded === null) {
      out.push({ kind: "unresolvable", raw });
      continue;
    }
    if (expanded === "") continue;
    if (!expanded.startsWith("/")) {
      out.push({ kind: "cwd", raw });
      continue;
    }
    const dir = normalize(expanded);
    if (seen.has(dir)) continue;
    seen.add(dir);
    out.push({ kind: "dir", dir, raw });
  }
  return out;
}

/**
 * Strip trailing slashes only. glibc does not normalise "." or ".." itself: the kernel resolves
 * them physically, after following symlinks, so "$ORIGIN/../lib" must stay as written.
 */
export function normalize(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === "/") end--;
  return path.slice(0, end);
}

export { dirname } from "../model/paths.js";

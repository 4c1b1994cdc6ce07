// Pure path arithmetic on the strings a report carries: no filesystem. The loader, the renderers and
// the policy use these; src/io/paths.ts adds what needs the filesystem (real paths of the roots).

/**
 * Make `p` absolute against `cwd` the way the kernel would resolve it: "." segments and repeated
 * slashes go, ".." stays (through a directory symlink it is resolved physically, not lexically).
 */
export function absolute(cwd: string, path: string): string {
  const joined = path.startsWith("/") ? path : `${cwd}/${path}`;
  // Already clean (no "//", "/./", trailing "/" or "/."): the common case, kept cheap.
  if (!/\/\.?(\/|$)/.test(joined)) return joined;
  const segs = joined.split("/").filter((s) => s !== "" && s !== ".");
  return `/${segs.join("/")}`;
}

/** Whether a shared object's file name makes it an addon: Node's `.node`, or Bare's `.bare`. */
export function isAddonPath(path: string): boolean {
  return path.endsWith(".node") || isBareAddonPath(path);
}

/** Whether an addon's file name makes it Bare's (`.bare`), loaded by the Bare runtime rather than node. */
export function isBareAddonPath(path: string): boolean {
  return path.endsWith(".bare");
}

/** A report path without its leading "./": how config globs, baselines, SARIF and GitHub annotations name files. */
export function withoutDotSlash(path: string): string {
  return path.replace(/^\.\//, "");
}

/** Whether `p` is `dir` or lies below it (same form, absolute or relative; no trailing slash but "/"). */
export function isUnder(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir === "/" ? "/" : `${dir}/`);
}

/** The directory part of an absolute path, as the loader computes $ORIGIN ("/" for a file in "/"). */
export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

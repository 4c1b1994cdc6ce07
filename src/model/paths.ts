// Pure path arithmetic on the strings a report carries: no filesystem. The loader, the renderers and
// the policy use these; src/io/paths.ts adds what needs the filesystem (real paths of the roots).

/**
 * Make `p` absolute against `cwd` the way the kernel would resolve it: "." segments and repeated
 * slashes go, ".." stays (through a directory symlink it is resolved physically, not lexically).
 */
export function absolute(cwd: string, p: string): string {
  const joined = p.startsWith("/") ? p : `${cwd}/${p}`;
  // Already clean (no "//", "/./", trailing "/" or "/."): the common case, kept cheap.
  if (!/\/\.?(\/|$)/.test(joined)) return joined;
  const segs = joined.split("/").filter((s) => s !== "" && s !== ".");
  return `/${segs.join("/")}`;
}

/** A report path without its leading "./": how config globs, baselines, SARIF and GitHub annotations name files. */
export function withoutDotSlash(p: string): string {
  return p.replace(/^\.\//, "");
}

/** Whether `p` is `dir` or lies below it (same form, absolute or relative; no trailing slash but "/"). */
export function isUnder(dir: string, p: string): boolean {
  return p === dir || p.startsWith(dir === "/" ? "/" : `${dir}/`);
}

/** The directory part of an absolute path, as the loader computes $ORIGIN ("/" for a file in "/"). */
export function dirname(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

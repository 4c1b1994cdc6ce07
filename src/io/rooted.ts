// --root DIR: the judged system is mounted at DIR (a NixOS image, or a test's fake root). Paths of that
// system are resolved inside DIR, absolute symlinks included (/run/current-system -> /nix/store/...
// means DIR/nix/store/...), as a chroot would; nothing outside DIR is reached that way.
import { lstatSync, readlinkSync, statSync } from "node:fs";

/** At most this many symlinks on one path (as the kernel's ELOOP limit). */
const MAX_LINKS = 40;

/** The host path of `path` (absolute, as the judged system names it) inside `root`, or null when it does not exist. */
export function resolveInRoot(root: string, path: string): string | null {
  const pending = path.split("/").filter((s) => s !== "" && s !== ".");
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === "..") {
      done.pop();
      continue;
    }
    const here = `${root}/${[...done, part].join("/")}`;
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(here);
    } catch {
      return null;
    }
    if (!st.isSymbolicLink()) {
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) return null;
    const target = readlinkSync(here);
    const parts = target.split("/").filter((s) => s !== "" && s !== ".");
    if (target.startsWith("/")) done.length = 0;
    pending.unshift(...parts);
  }
  return done.length === 0 ? root : `${root}/${done.join("/")}`;
}

/**
 * How the loader's filesystem sees the judged system: a path inside the scanned tree (or already
 * inside DIR) is a host path; any other absolute path is the judged system's, resolved inside DIR.
 */
export function rootMapper(root: string, treeDirs: readonly string[]): (path: string) => string {
  const inside = (dir: string, p: string) => p === dir || p.startsWith(dir === "/" ? "/" : `${dir}/`);
  return (p) => {
    if (!p.startsWith("/") || inside(root, p) || treeDirs.some((d) => inside(d, p))) return p;
    return resolveInRoot(root, p) ?? `${root}${p}`;
  };
}

/** Whether `path` is a directory on this machine. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

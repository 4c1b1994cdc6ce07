// The few reads the npm package checks need: a package.json's identity fields, whether a path exists,
// and the first bytes of a small file. Nothing here judges anything (src/scan/packages.ts does).
import { closeSync, constants, lstatSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";

/** The fields of a package.json that the checks use. */
export interface Manifest {
  name: string | null;
  version: string | null;
  /** `gypfile: false` says binding.gyp is not built on install. */
  gypfile: boolean | null;
  optionalDependencies: string[];
}

/** `dir/package.json`, or null when it is absent, unreadable or not a JSON object. */
export function readManifest(dir: string): Manifest | null {
  let text: string;
  try {
    text = readFileSync(dir === "" ? "package.json" : `${dir}/package.json`, "utf8");
  } catch {
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const d = data as Record<string, unknown>;
  const optional = d.optionalDependencies;
  return {
    name: typeof d.name === "string" ? d.name : null,
    version: typeof d.version === "string" ? d.version : null,
    gypfile: typeof d.gypfile === "boolean" ? d.gypfile : null,
    optionalDependencies: typeof optional === "object" && optional !== null && !Array.isArray(optional) ? Object.keys(optional) : [],
  };
}

/** The names in a directory (a symlink to one followed), or null when it cannot be listed. */
export function listDir(path: string): string[] | null {
  try {
    return readdirSync(path);
  } catch {
    return null;
  }
}

/** Whether anything (a file, directory or symlink) is at `path`. */
export function pathExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Up to `max` first bytes of a regular file (symlinks not followed), or null. */
export function readHead(path: string, max: number): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const buf = new Uint8Array(max);
    const n = readSync(fd, buf, 0, max, 0);
    return buf.subarray(0, n);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

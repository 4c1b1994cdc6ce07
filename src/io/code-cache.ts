// The command's code, loaded with V8's code cache. Node 20 has no compile cache for modules, and every
// scan compiled the whole scanner (~750 KB with the soname table) before its first file, then each
// function again the first time the scan reached it: ~20 ms of main-thread CPU on the bench's npm tree.
// The build (src/build.sh, through dist/code-cache.mjs) runs the command over a small npm tree it makes
// and saves what V8 compiled; a scan hands that to V8 instead of compiling.
//
// V8 checks only its own version and flags and the source's length, and trusts the cache's bytes: a
// flipped bit crashed node, or ran on silently. So the file starts with a SHA-256 of the source and the
// cache (~1 ms for both), and a cache that does not match is never handed to V8; the code is then
// compiled as it always was.
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

/** What became of the cache: used, refused by V8 (another node or other flags), not ours, or not there. */
export type CodeCacheState = "accepted" | "rejected" | "mismatch" | "absent";

export interface LoadedCommonJs {
  exports: unknown;
  /** The compiled script, for writeCodeCache() after a warm-up. */
  script: Script;
  cache: CodeCacheState;
}

const DIGEST_BYTES = 32;

function digest(source: Uint8Array, payload: Uint8Array): Buffer {
  return createHash("sha256").update(source).update(payload).digest();
}

/** The function a CommonJS file is run in, as Node wraps it (on the first line, so line numbers hold). */
const wrap = (source: string) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

/** The cache's payload when `cacheFile` holds one made for exactly this source, else why not. */
function readCache(source: Uint8Array, cacheFile: string): Buffer | "mismatch" | "absent" {
  let raw: Buffer;
  try {
    raw = readFileSync(cacheFile);
  } catch {
    return "absent";
  }
  const payload = raw.subarray(DIGEST_BYTES);
  return raw.length > DIGEST_BYTES && digest(source, payload).equals(raw.subarray(0, DIGEST_BYTES)) ? payload : "mismatch";
}

/** Runs a CommonJS file (a bundle of ours) and returns its exports, compiled from `cacheFile` when that fits. */
export function loadCommonJs(file: string, cacheFile: string | null): LoadedCommonJs {
  const source = readFileSync(file);
  const cached = cacheFile === null ? "absent" : readCache(source, cacheFile);
  const script = new Script(wrap(source.toString("utf8")), { filename: file, ...(typeof cached === "string" ? {} : { cachedData: cached }) });
  const cache: CodeCacheState = typeof cached === "string" ? cached : script.cachedDataRejected === true ? "rejected" : "accepted";
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script, cache };
}

/** The soname table the build put beside the command (dist/sonames.json) could not be read: a broken install. */
export class ShippedFileError extends Error {}

/** The soname table's text, from the file the build put beside the command, read on the first lookup. */
export function readShippedTable(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new ShippedFileError(
      `cannot read the soname table ${file}, which the command reads when it first maps a library: ${(e as Error).message}; reinstall nix-bincheck (in a checkout: npm run build)`,
    );
  }
}

/** Saves what V8 has compiled of `loaded` (so, after a warm-up, the functions the warm-up ran too). */
export function writeCodeCache(loaded: LoadedCommonJs, file: string, cacheFile: string): number {
  const payload = loaded.script.createCachedData();
  const data = Buffer.concat([digest(readFileSync(file), payload), payload]);
  const tmp = `${cacheFile}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, cacheFile);
  return data.length;
}

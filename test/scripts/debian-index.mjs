// Reading Debian's indexes, for the table's scripts (soname-ranking.mjs, soname-debian-check.mjs).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * A gzip file's text, downloaded from `url` first when the file is absent (`tool` names the script in
 * what it prints; `fail` is called with a sentence when the download fails).
 */
export async function gzText(file, url, tool, fail) {
  if (!existsSync(file)) {
    process.stderr.write(`${tool}: downloading ${url} to ${file}\n`);
    const res = await fetch(url);
    if (!res.ok) fail(`downloading ${url} failed: HTTP ${res.status}; download it by hand and pass the file`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  }
  return gunzipSync(readFileSync(file)).toString("utf8");
}

/**
 * The Contents index's library files installed directly in a library directory (/usr/lib, /lib,
 * multiarch) whose names carry a number after .so: [file name, the packages installing it].
 */
export function* libraryEntries(contentsText) {
  for (const line of contentsText.split("\n")) {
    const m = /^(?:usr\/)?lib\/(?:x86_64-linux-gnu\/)?(lib[^/\s]*\.so\.\d[^/\s]*)\s+(\S+)$/.exec(line);
    if (m) yield [m[1], m[2].split(",").map((p) => p.slice(p.lastIndexOf("/") + 1))];
  }
}

// Reading Debian's indexes, for the table's scripts (soname-ranking.mjs, soname-debian-check.mjs,
// soname-candidates.mjs, fresh-audit.mjs).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * `file`, downloaded from `url` first when it is absent (`tool` names the script in what it prints;
 * `fail` is called with a sentence when the download fails, which says to pass `option` instead).
 */
export async function downloaded(file, url, tool, fail, option = "the file") {
  if (!existsSync(file)) {
    process.stderr.write(`${tool}: downloading ${url} to ${file}\n`);
    const res = await fetch(url);
    if (!res.ok) fail(`downloading ${url} failed: HTTP ${res.status}; download it by hand and pass ${option}`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  }
  return file;
}

/** A gzip file's text, downloaded first when it is absent (as `downloaded`). */
export async function gzText(file, url, tool, fail) {
  return gunzipSync(readFileSync(await downloaded(file, url, tool, fail))).toString("utf8");
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

const fieldRes = new Map();

/**
 * Each stanza of a Packages index (or of `apt-cache show`), as a function from a field's name to its
 * value on the stanza's own line ("" when the stanza has no such field).
 */
export function* stanzaFields(packagesText) {
  for (const stanza of packagesText.split(/\n\n+/)) {
    yield (name) => {
      if (!fieldRes.has(name)) fieldRes.set(name, new RegExp(`^${name}: (.*)$`, "m"));
      return fieldRes.get(name).exec(stanza)?.[1] ?? "";
    };
  }
}

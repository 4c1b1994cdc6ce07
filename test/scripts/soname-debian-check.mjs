#!/usr/bin/env node
// Checks the table's rows (src/nixpkgs/sonames.json) against a newer Debian release: where a row names a
// release of a library (in its `shows` or `note`) and Debian packages that same release, Debian's file
// list says which soname that release installs. Two kinds of disagreement are printed, for a person to
// read the row again (none of them is proof: Debian renames and patches some libraries):
//   mapped  the row maps its soname to an attribute, and Debian's package of the release the row names
//           installs a sibling soname instead (libcdio 2.2.0: libiso9660.so.12, not .so.11);
//   none    the row says no package has its soname, and Debian's package of the release the row names
//           installs exactly that soname.
// And one kind of agreement, for raising a row's evidence by hand (a git snapshot of the same release
// number, or a build nixpkgs patches differently, is still not proof):
//   confirms  the row maps its soname on `exists` evidence, and Debian's package of the release the row
//             names installs exactly that soname.
//
//   node test/scripts/soname-debian-check.mjs [--packages FILE] [--contents FILE] [--table FILE]
//
//   --packages FILE  the newer release's Packages index (gzip); by default .cache/Packages-trixie-amd64.gz,
//                    downloaded from deb.debian.org (trixie main) when absent.
//   --contents FILE  its Contents index (gzip); by default .cache/Contents-trixie-amd64.gz, likewise.
//   --table FILE     the table to check; by default src/nixpkgs/sonames.json.
//
// Output: one tab-separated line a finding: kind, soname, the row's attribute (or -), Debian's
// package, its upstream version, the soname Debian's package installs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzText, libraryEntries, stanzaFields } from "./debian-index.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEBIAN = "https://deb.debian.org/debian/dists/trixie/main";

// Piped into head, which closes early: stop quietly.
process.stdout.on("error", (e) => process.exit(e.code === "EPIPE" ? 0 : 1));

function usage(msg) {
  process.stderr.write(`soname-debian-check: ${msg}\nusage: node test/scripts/soname-debian-check.mjs [--packages FILE] [--contents FILE] [--table FILE]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = {
  packages: join(ROOT, ".cache/Packages-trixie-amd64.gz"),
  contents: join(ROOT, ".cache/Contents-trixie-amd64.gz"),
  table: join(ROOT, "src/nixpkgs/sonames.json"),
};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => args[++i] ?? usage(`${a} needs a value`);
  if (a === "--packages") opt.packages = value();
  else if (a === "--contents") opt.contents = value();
  else if (a === "--table") opt.table = value();
  else usage(`unknown argument ${a}`);
}

/** Package -> upstream version: no epoch, no Debian revision, no repack suffix (1:2.3.1+dfsg-1 -> 2.3.1). */
function versions(packagesText) {
  const out = new Map();
  for (const field of stanzaFields(packagesText)) {
    const pkg = field("Package");
    const version = field("Version");
    if (pkg && version)
      out.set(
        pkg,
        version
          .replace(/^\d+:/, "")
          .replace(/-[^-]*$/, "")
          .replace(/[+~].*$/, ""),
      );
  }
  return out;
}

/** libfoo.so.1.2 -> libfoo.so: what sibling sonames of one library share. */
const stem = (name) => name.slice(0, name.indexOf(".so.") + 3);
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * Whether the row names `version` as a whole (1.2 is not named by 1.23 or 11.2) as the release it read,
 * not as another distribution's: a mention right after or before "Debian" (or Ubuntu, Fedora, ...) is
 * the version Debian 12 had, which rows name for comparison.
 */
const OTHERS = /(Debian|Ubuntu|Fedora|openSUSE|Arch|Frugalware)/;
const OTHERS_NEXT = new RegExp(`^\\W{0,3}${OTHERS.source}`);
function names(row, version) {
  const text = `${row.shows ?? ""} ; ${row.note ?? ""}`;
  const re = new RegExp(`(^|[^0-9.])${escapeRegExp(version)}(?=$|[^0-9]|\\.[^0-9])`, "g");
  for (const m of text.matchAll(re)) {
    const at = m.index + m[1].length;
    const before = text.slice(Math.max(0, at - 25), at);
    const after = text.slice(at + version.length, at + version.length + 15);
    if (!OTHERS.test(before) && !OTHERS_NEXT.test(after)) return true;
  }
  return false;
}

const [packagesText, contentsText] = await Promise.all([
  gzText(opt.packages, `${DEBIAN}/binary-amd64/Packages.gz`, "soname-debian-check", usage),
  gzText(opt.contents, `${DEBIAN}/Contents-amd64.gz`, "soname-debian-check", usage),
]);
const version = versions(packagesText);
/** Soname-like file name in a library directory -> the packages installing it. */
const files = new Map(libraryEntries(contentsText));
const byStem = new Map();
for (const name of files.keys()) (byStem.get(stem(name)) ?? byStem.set(stem(name), []).get(stem(name))).push(name);

const rows = JSON.parse(readFileSync(opt.table, "utf8"));
for (const r of rows) {
  if (r.soname.includes("{N}") || !r.soname.includes(".so.")) continue;
  if (r.class === "none") {
    for (const pkg of files.get(r.soname) ?? []) {
      const v = version.get(pkg);
      if (v && names(r, v)) process.stdout.write(`none\t${r.soname}\t-\t${pkg}\t${v}\t${r.soname}\n`);
    }
  } else if (r.attr !== null && files.has(r.soname)) {
    if (r.evidence !== "exists") continue;
    for (const pkg of files.get(r.soname)) {
      const v = version.get(pkg);
      if (v && names(r, v)) process.stdout.write(`confirms\t${r.soname}\t${r.attr}\t${pkg}\t${v}\t${r.soname}\n`);
    }
  } else if (r.attr !== null) {
    for (const sibling of byStem.get(stem(r.soname)) ?? []) {
      if (!/\.so\.\d+$/.test(sibling)) continue; // the soname, not the full-version file name
      for (const pkg of files.get(sibling)) {
        const v = version.get(pkg);
        if (v && names(r, v)) process.stdout.write(`mapped\t${r.soname}\t${r.attr}\t${pkg}\t${v}\t${sibling}\n`);
      }
    }
  }
}

#!/usr/bin/env node
// Which sonames to add to the table next, by construction rather than from a test set: Debian 12's
// library packages ranked by how many application packages depend on them, with the file names each
// installs in a library directory that the table (src/nixpkgs/sonames.json) does not know. The rows of
// issue 16's second round were added top-down from this list; each still needs its DT_SONAME read (the
// .deb: `apt-get download`, `readelf -d`) and its nixpkgs package checked, as README "nixpkgs mapping" says.
//
//   node test/scripts/soname-ranking.mjs [--min N] [--sections LIST] [--packages FILE] [--contents FILE]
//
//   --min N          keep library packages with at least N dependents (default 3).
//   --sections LIST  the sections whose packages count as applications (comma-separated; default below).
//   --packages FILE  Debian's Packages index (gzip); by default .cache/Packages-amd64.gz, downloaded from
//                    deb.debian.org (bookworm main) when absent.
//   --contents FILE  Debian's Contents index (gzip); by default .cache/Contents-amd64.gz, likewise.
//
// Output: one tab-separated line a library package, most dependents first: dependents, package, the file
// names the table does not know (the shortest name of each library: usually the soname; a library the
// table knows by another of the package's names is left out).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzText, libraryEntries, stanzaFields } from "./debian-index.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEBIAN = "https://deb.debian.org/debian/dists/bookworm/main";
// Programs people run, the desktop's and the developer's alike: prebuilt developer tools (IDEs, compilers,
// debuggers, emulators) are what nix-bincheck's users meet most. Packaging sections (libs, libdevel,
// oldlibs, the language modules) are left out: their dependents are other libraries, not programs.
const APP_SECTIONS =
  "gnome,kde,x11,graphics,sound,video,net,mail,editors,science,games,utils,web,text,math,electronics,hamradio,database,comm,devel,misc,admin,interpreters,otherosfs";

// Piped into head, which closes early: stop quietly.
process.stdout.on("error", (e) => process.exit(e.code === "EPIPE" ? 0 : 1));

function usage(msg) {
  process.stderr.write(`soname-ranking: ${msg}\nusage: node test/scripts/soname-ranking.mjs [--min N] [--sections LIST] [--packages FILE] [--contents FILE]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = { min: 3, sections: APP_SECTIONS, packages: join(ROOT, ".cache/Packages-amd64.gz"), contents: join(ROOT, ".cache/Contents-amd64.gz") };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => args[++i] ?? usage(`${a} needs a value`);
  if (a === "--min") opt.min = Number(value());
  else if (a === "--sections") opt.sections = value();
  else if (a === "--packages") opt.packages = value();
  else if (a === "--contents") opt.contents = value();
  else usage(`unknown argument ${a}`);
}
if (!Number.isInteger(opt.min) || opt.min < 1) usage("--min takes a whole number of at least 1");

/** Library package -> the application packages (in `sections`) that depend on it, first alternatives only. */
function dependents(packagesText, sections) {
  const apps = new Set(sections.split(","));
  const out = new Map();
  for (const field of stanzaFields(packagesText)) {
    const pkg = field("Package");
    const section = field("Section");
    if (pkg === "" || !apps.has(section.slice(section.lastIndexOf("/") + 1))) continue;
    for (const dep of `${field("Depends")},${field("Pre-Depends")}`.split(",")) {
      const name = dep
        .split("|")[0]
        .trim()
        .split(/[\s:(]/)[0];
      if (!name.startsWith("lib")) continue;
      (out.get(name) ?? out.set(name, new Set()).get(name)).add(pkg);
    }
  }
  return out;
}

/** Package -> the library file names it installs directly in a library directory (/usr/lib, /lib, multiarch). */
function libraryFiles(contentsText) {
  const out = new Map();
  for (const [name, pkgs] of libraryEntries(contentsText)) for (const pkg of pkgs) (out.get(pkg) ?? out.set(pkg, new Set()).get(pkg)).add(name);
  return out;
}

/** Whether the table knows a name: an exact row, or a `{N}` pattern that matches it. */
function tableKnows() {
  const rows = JSON.parse(readFileSync(join(ROOT, "src/nixpkgs/sonames.json"), "utf8"));
  const exact = new Set(rows.filter((r) => !r.soname.includes("{N}")).map((r) => r.soname));
  const patterns = rows
    .filter((r) => r.soname.includes("{N}"))
    .map(
      (r) =>
        new RegExp(
          `^${r.soname
            .split("{N}")
            .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join("\\d+")}$`,
        ),
    );
  return (name) => exact.has(name) || patterns.some((re) => re.test(name));
}

/** The shortest name of each library (libfoo.so.1 rather than libfoo.so.1.2.3, which it prefixes). */
function shortest(names) {
  const kept = [];
  for (const n of [...names].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) if (!kept.some((k) => n.startsWith(`${k}.`))) kept.push(n);
  return kept;
}

const [packagesText, contentsText] = await Promise.all([
  gzText(opt.packages, `${DEBIAN}/binary-amd64/Packages.gz`, "soname-ranking", usage),
  gzText(opt.contents, `${DEBIAN}/Contents-amd64.gz`, "soname-ranking", usage),
]);
const users = dependents(packagesText, opt.sections);
const files = libraryFiles(contentsText);
const knows = tableKnows();
/** libfoo.so.1.2 -> libfoo.so: what the names of one library share. */
const stem = (name) => name.slice(0, name.indexOf(".so.") + 3);
/**
 * The names of a package the table does not know, less those of a library whose other name in the same
 * package it does know: a compat link (libcurl-gnutls.so.3 beside libcurl-gnutls.so.4) or a full-version
 * file name (libpcap.so.1.10.3 beside libpcap.so.0.8) of a library that already has its row.
 */
function unknownNames(names) {
  const knownStems = new Set([...names].filter(knows).map(stem));
  return shortest(names).filter((n) => !knows(n) && !knownStems.has(stem(n)));
}
const ranked = [...users]
  .map(([pkg, by]) => ({ pkg, count: by.size, unknown: unknownNames(files.get(pkg) ?? []) }))
  .filter((r) => r.count >= opt.min && r.unknown.length > 0)
  .sort((a, b) => b.count - a.count || (a.pkg < b.pkg ? -1 : 1));
process.stdout.write("dependents\tpackage\tunknown to the table\n");
for (const r of ranked) process.stdout.write(`${r.count}\t${r.pkg}\t${r.unknown.join(" ")}\n`);

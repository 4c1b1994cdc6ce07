#!/usr/bin/env node
// The mechanical columns of the audit of mapped sonames (test/nixpkgs/fresh-audit.tsv): for each soname a
// scan MAPS (the report's `mapping.packages` and `mapping.drivers`; its `mapping.unmapped` is never read,
// so that a set kept unseen stays unseen), who ships it in Debian 12 and which upstream project that is.
// The verdict and its reason are a person's, written into the audit by hand; a verdict already in the
// audit (--audit) is carried over to every line of the same soname and attribute, so a changed mapping
// comes out as `todo`, to be audited again.
//
//   node dist/nix-bincheck.mjs --json --no-host-pass --no-nix-locate --nixpkgs 26.05 TREE > REPORT.json
//   node test/scripts/fresh-audit.mjs --report NAME=REPORT.json... [--audit FILE] [--packages FILE] [--contents FILE]
//
//   --report NAME=FILE  a set's name and the CLI's --json report of it (repeatable; the order is kept).
//   --audit FILE        an earlier audit whose verdicts and reasons are carried over.
//   --packages FILE     Debian's Packages index (gzip); by default .cache/Packages-amd64.gz, downloaded
//                       from deb.debian.org (bookworm main) when absent.
//   --contents FILE     Debian's Contents index (gzip); by default .cache/Contents-amd64.gz, likewise.
//
// Output: the audit's lines (no header comment): set, soname, attribute, Debian binary package(s) that
// install the soname (a library directory first; any directory when none does; - when no package does),
// their source package(s), upstream version(s), Homepage(s), verdict, reason.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzText, stanzaFields } from "./debian-index.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEBIAN = "https://deb.debian.org/debian/dists/bookworm/main";
const COLUMNS = ["set", "soname", "attr", "debian_package", "source", "version", "homepage", "verdict", "reason"];

process.stdout.on("error", (e) => process.exit(e.code === "EPIPE" ? 0 : 1));

function usage(msg) {
  process.stderr.write(
    `fresh-audit: ${msg}\nusage: node test/scripts/fresh-audit.mjs --report NAME=REPORT.json... [--audit FILE] [--packages FILE] [--contents FILE]\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = { reports: [], audit: null, packages: join(ROOT, ".cache/Packages-amd64.gz"), contents: join(ROOT, ".cache/Contents-amd64.gz") };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => args[++i] ?? usage(`${a} needs a value`);
  if (a === "--report") {
    const v = value();
    const eq = v.indexOf("=");
    if (eq <= 0) usage(`--report takes NAME=FILE, not ${v}`);
    opt.reports.push([v.slice(0, eq), v.slice(eq + 1)]);
  } else if (a === "--audit") opt.audit = value();
  else if (a === "--packages") opt.packages = value();
  else if (a === "--contents") opt.contents = value();
  else usage(`unknown argument ${a}`);
}
if (opt.reports.length === 0) usage("no --report given");

/** [soname, attribute] for every soname a report maps; a GPU driver's attribute is `(driver)`. */
function mappedOf(name, file) {
  let m;
  try {
    m = JSON.parse(readFileSync(file, "utf8")).mapping;
  } catch (e) {
    usage(`reading the report of ${name} (${file}) failed: ${e.message}; pass the output of nix-bincheck --json`);
  }
  if (!m || !Array.isArray(m.packages) || !Array.isArray(m.drivers)) usage(`${file} has no mapping.packages/drivers: pass the output of nix-bincheck --json`);
  const out = [];
  for (const p of m.packages) for (const s of p.sonames) out.push([s, p.attr]);
  for (const d of m.drivers) out.push([d.soname, "(driver)"]);
  return out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

/** File name -> packages installing it, split into those in a library directory and anywhere else. */
function installers(contentsText, wanted) {
  const lib = new Map();
  const other = new Map();
  for (const line of contentsText.split("\n")) {
    const m = /^(\S+)\s+(\S+)$/.exec(line);
    if (!m) continue;
    const base = m[1].slice(m[1].lastIndexOf("/") + 1);
    if (!wanted.has(base)) continue;
    const into = /^(?:usr\/)?lib\/(?:x86_64-linux-gnu\/)?[^/]+$/.test(m[1]) ? lib : other;
    const set = into.get(base) ?? into.set(base, new Set()).get(base);
    for (const p of m[2].split(",")) set.add(p.slice(p.lastIndexOf("/") + 1));
  }
  return (name) => [...(lib.get(name) ?? other.get(name) ?? [])].sort();
}

/** Package -> { source, version (upstream: no epoch, revision or repack suffix), homepage }. */
function packageInfo(packagesText) {
  const out = new Map();
  for (const raw of stanzaFields(packagesText)) {
    const field = (f) => raw(f).trim();
    const pkg = field("Package");
    if (pkg === "" || out.has(pkg)) continue;
    const version = field("Version")
      .replace(/^\d+:/, "")
      .replace(/-[^-]*$/, "")
      .replace(/[.+~](dfsg|ds|repack)[^-]*$/, "");
    out.set(pkg, { source: field("Source").split(" ")[0] || pkg, version, homepage: field("Homepage") || "-" });
  }
  return out;
}

/** (soname, attribute) -> [verdict, reason] from an earlier audit. */
function earlier(file) {
  const out = new Map();
  if (file === null) return out;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const c = line.split("\t");
    if (c[0] === "set") continue;
    if (c.length !== COLUMNS.length) usage(`${file}: a line has ${c.length} columns, not ${COLUMNS.length}: ${line}`);
    out.set(`${c[1]}\t${c[2]}`, [c[7], c[8]]);
  }
  return out;
}

const sets = opt.reports.map(([name, file]) => [name, mappedOf(name, file)]);
const wanted = new Set(sets.flatMap(([, m]) => m.map(([s]) => s)));
const who = installers(await gzText(opt.contents, `${DEBIAN}/Contents-amd64.gz`, "fresh-audit", usage), wanted);
const info = packageInfo(await gzText(opt.packages, `${DEBIAN}/binary-amd64/Packages.gz`, "fresh-audit", usage));
const verdicts = earlier(opt.audit);
const uniq = (xs) => [...new Set(xs)].join(",") || "-";
let out = "";
for (const [name, mapped] of sets) {
  for (const [soname, attr] of mapped) {
    const pkgs = who(soname);
    const known = pkgs.map((p) => info.get(p)).filter((x) => x !== undefined);
    const [verdict, reason] = verdicts.get(`${soname}\t${attr}`) ?? ["todo", "-"];
    const cells = [name, soname, attr, uniq(pkgs), uniq(known.map((k) => k.source)), uniq(known.map((k) => k.version)), uniq(known.map((k) => k.homepage))];
    out += `${[...cells, verdict, reason].join("\t")}\n`;
  }
}
process.stdout.write(out);

#!/usr/bin/env node
// Candidate rows for the soname table (src/nixpkgs/sonames.json), for a human to verify: never writes
// the table. For each soname a scanned tree needs and the table does not know, it finds the Debian 12
// (bookworm) binary package that ships the file and that package's source package, then proposes the
// nixpkgs attribute(s) of the same name with their version.
//
//   node test/scripts/soname-candidates.mjs [--all] [--nixpkgs DIR] [--contents FILE] (--json FILE | TREE...)
//
//   TREE...          trees to scan with the built CLI (`npm run build` first): `--json --no-host-pass
//                    --no-nix-locate`; or --json FILE, a report the CLI wrote with --json.
//   --all            every unmapped soname, also those the table knows to have no package.
//   --nixpkgs DIR    a nixpkgs checkout or a bare git directory of one (read with git ls-tree/git show at
//                    HEAD): candidates come from pkgs/by-name/XX/NAME and pkgs/top-level/all-packages.nix,
//                    with the `version = "..."` of the package's file. Without it, only Debian's side.
//   --contents FILE  Debian's Contents index; by default .cache/Contents-amd64.gz, downloaded from
//                    deb.debian.org (bookworm main) when absent.
//
// Source packages come from `apt-cache show` (this machine's apt lists; Debian 12 for the Debian tests);
// without apt they are left blank. Output: one tab-separated line a soname: soname, Debian binary
// package(s), source package, the file Debian installs, candidate attributes as attr@version(file).
// What a candidate needs before it becomes a row (see README "nixpkgs mapping"): the nixpkgs version's
// upstream soname must be the one asked for (a major bump renames it), cited as `ships` evidence.
import { execFileSync, spawnSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";
import { downloaded, stanzaFields } from "./debian-index.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONTENTS_URL = "https://deb.debian.org/debian/dists/bookworm/main/Contents-amd64.gz";

function usage(msg) {
  process.stderr.write(
    `soname-candidates: ${msg}\nusage: node test/scripts/soname-candidates.mjs [--all] [--nixpkgs DIR] [--contents FILE] (--json FILE | TREE...)\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = { all: false, nixpkgs: null, contents: join(ROOT, ".cache/Contents-amd64.gz"), json: null, trees: [] };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => args[++i] ?? usage(`${a} needs a value`);
  if (a === "--all") opt.all = true;
  else if (a === "--nixpkgs") opt.nixpkgs = value();
  else if (a === "--contents") opt.contents = value();
  else if (a === "--json") opt.json = value();
  else if (a.startsWith("-")) usage(`unknown option ${a}`);
  else opt.trees.push(a);
}
if (opt.json === null && opt.trees.length === 0) usage("give trees to scan or --json FILE");

/** The report: read, or made by the built CLI (which exits 1 when it finds problems: that is normal). */
function report() {
  if (opt.json !== null) return JSON.parse(readFileSync(opt.json, "utf8"));
  const cli = join(ROOT, "dist/nix-bincheck.mjs");
  if (!existsSync(cli)) usage(`${cli} is missing: run 'npm run build' first`);
  const r = spawnSync(process.execPath, [cli, "--json", "--no-host-pass", "--no-nix-locate", ...opt.trees], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) usage(`scanning ${opt.trees.join(" ")} failed (exit ${r.status}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}

const rep = report();
if (!rep.mapping) usage("the report has no mapping (was it made with --no-resolve?)");
const wanted = new Map();
for (const u of rep.mapping.unmapped) if (opt.all || u.why.code === "look-up") wanted.set(u.soname, u);
if (wanted.size === 0) {
  process.stdout.write("soname-candidates: every soname the tree needs is in the table\n");
  process.exit(0);
}

/** soname -> [{ path, packages }] for the wanted names, from a library directory of the Contents index. */
async function debianFiles(file) {
  const found = new Map();
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const m = /^(\S*lib\S*\/([^/\s]+\.so[^/\s]*))\s+(\S+)$/.exec(line);
    if (!m || !wanted.has(m[2])) continue;
    const packages = m[3].split(",").map((p) => p.slice(p.lastIndexOf("/") + 1));
    const list = found.get(m[2]) ?? [];
    list.push({ path: `/${m[1]}`, packages });
    found.set(m[2], list);
  }
  return found;
}

/** binary package -> source package, from apt's lists (blank without apt). */
function sourcePackages(binaries) {
  const out = new Map();
  if (binaries.length === 0) return out;
  const r = spawnSync("apt-cache", ["show", "--no-all-versions", ...binaries], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.error || typeof r.stdout !== "string") return out;
  for (const field of stanzaFields(r.stdout)) {
    const pkg = field("Package").split(" ")[0];
    if (!pkg) continue;
    out.set(pkg, field("Source").split(" ")[0] || pkg);
  }
  return out;
}

/** A reader for a nixpkgs checkout or bare git directory: the by-name names, all-packages' names, a file's text. */
function nixpkgsReader(dir) {
  if (dir === null) return null;
  const checkout = existsSync(join(dir, "pkgs/top-level/all-packages.nix"));
  const git = (...a) => execFileSync("git", ["--git-dir", dir, ...a], { encoding: "utf8", maxBuffer: 1 << 30 });
  const read = (path) => {
    try {
      return checkout ? readFileSync(join(dir, path), "utf8") : git("show", `HEAD:${path}`);
    } catch {
      return null;
    }
  };
  const byName = new Map();
  if (checkout) {
    for (const shard of readdirSync(join(dir, "pkgs/by-name")))
      for (const name of readdirSync(join(dir, "pkgs/by-name", shard)))
        byName.set(name.toLowerCase(), { name, file: `pkgs/by-name/${shard}/${name}/package.nix` });
  } else {
    for (const p of git("ls-tree", "-r", "-d", "--name-only", "HEAD", "pkgs/by-name").split("\n")) {
      const parts = p.split("/");
      if (parts.length === 4) byName.set(parts[3].toLowerCase(), { name: parts[3], file: `${p}/package.nix` });
    }
  }
  const top = new Map();
  for (const m of (read("pkgs/top-level/all-packages.nix") ?? "").matchAll(/^ {2}([A-Za-z_][\w'-]*) = (.*)$/gm))
    top.set(m[1].toLowerCase(), { name: m[1], rhs: m[2] });
  return { read, byName, top };
}

/** Names to try for a soname: the source package, the binary package and the soname's stem, without version digits and with/without "lib". */
function names(soname, binaries, source) {
  const out = new Set();
  const add = (s) => {
    if (!s) return;
    const base = s.toLowerCase().replace(/\+/g, "plus");
    for (const v of [base, base.replace(/[-.]?\d[\d.]*[a-z]?$/, ""), base.replace(/\d+$/, "")]) {
      if (!v) continue;
      out.add(v);
      out.add(v.replace(/^lib/, ""));
      if (!v.startsWith("lib")) out.add(`lib${v}`);
    }
  };
  add(source);
  for (const b of binaries) add(b.replace(/(-dev|-bin|-common)$/, ""));
  add(soname.replace(/\.so.*$/, "").replace(/-[\d.]+$/, ""));
  return [...out].filter((n) => n.length > 2);
}

function candidates(nix, list) {
  if (nix === null) return [];
  const seen = new Map();
  for (const n of list) {
    const byName = nix.byName.get(n);
    if (byName && !seen.has(byName.name)) {
      const version = /\bversion = "([^"]+)"/.exec(nix.read(byName.file) ?? "")?.[1] ?? "?";
      seen.set(byName.name, `${byName.name}@${version}(${byName.file})`);
    }
    const top = nix.top.get(n);
    if (top && !seen.has(top.name)) seen.set(top.name, `${top.name}(all-packages.nix: ${top.rhs.slice(0, 60)})`);
  }
  return [...seen.values()];
}

const files = await debianFiles(await downloaded(opt.contents, CONTENTS_URL, "soname-candidates", usage, "--contents FILE"));
const binaries = [...new Set([...files.values()].flatMap((l) => l.flatMap((f) => f.packages)))];
const sources = sourcePackages(binaries);
const nix = nixpkgsReader(opt.nixpkgs);
const out = [["soname", "debian-binary", "debian-source", "debian-file", "nixpkgs-candidates"].join("\t")];
for (const soname of [...wanted.keys()].sort()) {
  const hits = files.get(soname) ?? [];
  const bins = [...new Set(hits.flatMap((h) => h.packages))];
  const srcs = [...new Set(bins.map((b) => sources.get(b) ?? ""))].filter(Boolean);
  const cands = candidates(nix, names(soname, bins, srcs[0]));
  out.push([soname, bins.join(",") || "-", srcs.join(",") || "-", hits[0]?.path ?? "(not in Debian main)", cands.join(" ") || "-"].join("\t"));
}
process.stdout.write(`${out.join("\n")}\n`);

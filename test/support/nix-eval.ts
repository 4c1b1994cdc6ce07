// The real Nix evaluator for tests: nix-instantiate (Debian's nix-bin) run as any user without a daemon
// or a store (`--store dummy://`, state and config in a temp dir), and a stand-in `pkgs` built as Nix.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { attrName } from "../../src/render/nix/escape.js";
import { tempDir } from "./run-cli.js";

function find(): string | null {
  const r = spawnSync("nix-instantiate", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? "nix-instantiate" : null;
}

/** The evaluator, or null when it is not installed. */
export const NIX_INSTANTIATE = find();

/** Why the Nix tests cannot run; they fail (not skip) with it in CI. */
export const NIX_MISSING = "nix-instantiate not found: apt-get install nix-bin (the Nix emitter tests evaluate their output with it)";

/** Fail in CI, skip elsewhere: `describe` or `describe.skip` for suites that need nix-instantiate. */
export function requireNix(): void {
  if (NIX_INSTANTIATE === null) throw new Error(NIX_MISSING);
}

export interface NixResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** A scratch directory with the evaluator's state, config and the files under test. */
export class NixSandbox {
  readonly dir = tempDir("nbc-nix-");

  private env(): Record<string, string> {
    for (const d of ["state", "log", "conf"]) mkdirSync(join(this.dir, d), { recursive: true });
    return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: this.dir, NIX_STATE_DIR: join(this.dir, "state"), NIX_LOG_DIR: join(this.dir, "log"), NIX_CONF_DIR: join(this.dir, "conf"), NIX_PATH: "" };
  }

  /** Write a file in the sandbox; returns its absolute path. */
  write(name: string, text: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, text);
    return p;
  }

  run(args: string[]): NixResult {
    const r = spawnSync(NIX_INSTANTIATE ?? "nix-instantiate", ["--store", "dummy://", "--readonly-mode", ...args], { cwd: this.dir, env: this.env(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    return { ok: r.status === 0, stdout: r.stdout ?? "", stderr: r.stderr ?? String(r.error ?? "") };
  }

  /** `nix-instantiate --parse FILE`. */
  parse(file: string): NixResult {
    return this.run(["--parse", file]);
  }

  /** `nix-instantiate --eval --strict --json FILE`, parsed. */
  evalJson(file: string): { ok: true; value: unknown } | { ok: false; stderr: string } {
    const r = this.run(["--eval", "--strict", "--json", file]);
    return r.ok ? { ok: true, value: JSON.parse(r.stdout) } : { ok: false, stderr: r.stderr };
  }
}

/** Leaves of the stand-in that are not plain packages. */
const SPECIAL: Record<string, string> = {
  "lib.makeLibraryPath": 'ps: builtins.concatStringsSep ":" (map (p: "${p.outPath or p}/lib") ps)',
  "lib.getLib": "p: p",
  "lib.escapeShellArg": `arg: "'" + builtins.replaceStrings [ "'" ] [ "'\\\\''" ] (toString arg) + "'"`,
  mkShell: "a: a",
  writeShellScriptBin: "name: text: { inherit name text; }",
  "stdenv.mkDerivation": "a: a",
  "stdenv.cc.bintools.dynamicLinker": '"/nix/store/stand-in-glibc/lib/ld-linux-x86-64.so.2"',
  "addDriverRunpath.driverLink": '"/run/opengl-driver"',
  pkgsi686Linux: "pkgs",
};

/** A Nix expression for a stand-in `pkgs`: one attribute set with `outPath` per attribute path listed. */
export function standInPkgs(attrs: Iterable<string>): string {
  interface Node {
    pkg: string | null;
    kids: Map<string, Node>;
  }
  const root: Node = { pkg: null, kids: new Map() };
  for (const a of [...attrs, ...Object.keys(SPECIAL)]) {
    let n = root;
    for (const seg of a.split(".")) {
      let k = n.kids.get(seg);
      if (!k) n.kids.set(seg, (k = { pkg: null, kids: new Map() }));
      n = k;
    }
    n.pkg = a;
  }
  const show = (n: Node, path: string, indent: string): string => {
    if (SPECIAL[path] !== undefined) return SPECIAL[path]!;
    const kids = [...n.kids].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${indent}  ${attrName(k)} = ${show(v, path ? `${path}.${k}` : k, `${indent}  `)};`);
    const own = n.pkg !== null ? [`${indent}  outPath = "/nix/store/stand-in-${n.pkg.replace(/[^A-Za-z0-9+._?=-]/g, "_")}";`] : [];
    return `{\n${[...own, ...kids].join("\n")}\n${indent}}`;
  };
  return `let\n  pkgs = ${show(root, "", "  ")};\nin\npkgs\n`;
}

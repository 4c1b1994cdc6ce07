// The real Nix evaluator for tests: nix-instantiate (Debian's nix-bin) run as any user without a daemon
// or a store (`--store dummy://`), with a private configuration (tool-env.ts), and a stand-in `pkgs`
// built as Nix.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { attrName } from "../../src/render/nix/escape.js";
import { tempDir } from "./run-cli.js";
import { classifyNixStderr, NIX_EVAL_ARGS, type NixDiagnostics, nixEnv } from "./tool-env.js";

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
  /** Exit 0 and no warning of either kind. */
  ok: boolean;
  /** nix-instantiate's exit status. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stderr sorted into errors and warnings: a test asserts on these, not on an empty stderr. */
  diagnostics: NixDiagnostics;
}

/** A scratch directory with the evaluator's state, config and the files under test. */
export class NixSandbox {
  readonly dir = tempDir("nbc-nix-");

  private readonly env = nixEnv(this.dir);

  /** Write a file in the sandbox; returns its absolute path. */
  write(name: string, text: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, text);
    return p;
  }

  run(args: string[]): NixResult {
    const r = spawnSync(NIX_INSTANTIATE ?? "nix-instantiate", [...NIX_EVAL_ARGS, ...args], {
      cwd: this.dir,
      env: this.env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });
    const stderr = r.stderr ?? String(r.error ?? "");
    const diagnostics = classifyNixStderr(stderr);
    // A warning about the code, or about Nix's set-up (the host's configuration leaking in), is a failure too.
    const ok = r.status === 0 && diagnostics.evaluationWarnings.length === 0 && diagnostics.setupWarnings.length === 0;
    return { ok, code: r.status, stdout: r.stdout ?? "", stderr, diagnostics };
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
  "lib.throwIfNot": "cond: msg: if cond then (x: x) else throw msg",
  "lib.versions.major": "v: builtins.head (builtins.splitVersion v)",
  writeShellScriptBin: "name: text: { inherit name text; }",
  "stdenv.mkDerivation": "a: a",
  "stdenv.cc.bintools.dynamicLinker": '"/nix/store/stand-in-glibc/lib/ld-linux-x86-64.so.2"',
  "addDriverRunpath.driverLink": '"/run/opengl-driver"',
  pkgsi686Linux: "pkgs",
};

/**
 * A Nix expression for a stand-in `pkgs`: one attribute set with `outPath` per attribute path listed,
 * and `version` for those in `versions`.
 */
export function standInPkgs(attrs: Iterable<string>, versions: Readonly<Record<string, string>> = {}): string {
  interface Node {
    pkg: string | null;
    kids: Map<string, Node>;
  }
  const root: Node = { pkg: null, kids: new Map() };
  for (const a of [...attrs, ...Object.keys(SPECIAL)]) {
    let n = root;
    for (const seg of a.split(".")) {
      let kid = n.kids.get(seg);
      if (!kid) {
        kid = { pkg: null, kids: new Map() };
        n.kids.set(seg, kid);
      }
      n = kid;
    }
    n.pkg = a;
  }
  const show = (n: Node, path: string, indent: string): string => {
    if (SPECIAL[path] !== undefined) return SPECIAL[path]!;
    const kids = [...n.kids]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${indent}  ${attrName(k)} = ${show(v, path ? `${path}.${k}` : k, `${indent}  `)};`);
    const own = n.pkg !== null ? [`${indent}  outPath = "/nix/store/stand-in-${n.pkg.replace(/[^A-Za-z0-9+._?=-]/g, "_")}";`] : [];
    if (n.pkg !== null && versions[n.pkg] !== undefined) own.push(`${indent}  version = ${JSON.stringify(versions[n.pkg])};`);
    return `{\n${[...own, ...kids].join("\n")}\n${indent}}`;
  };
  return `let\n  pkgs = ${show(root, "", "  ")};\nin\npkgs\n`;
}

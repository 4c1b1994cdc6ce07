// Command-line arguments: one parseArgs spec and the help text printed for --help (tested verbatim).
import { parseArgs } from "node:util";
import { ATTR } from "../config/config.js";
import { normalizeGlob } from "../config/policy.js";
import { DEFAULT_RELEASE, NIXPKGS_RELEASES, RELEASE_NAME, SYSTEMS } from "../loader/profiles.js";
import type { SystemName } from "../loader/types.js";
import { EMIT_NAMES, type EmitName } from "../render/nix/index.js";

export const HELP = `Usage: nix-bincheck [options] [PATH...]

Find prebuilt ELF binaries under PATH (default: .) that will not run on NixOS, and say why.
Nothing scanned is ever executed.

Output:
  --json               one JSON document (schemaVersion 2) instead of the table
  --format FORMAT      table (default), json, sarif (code scanning), github (Actions annotations),
                       or short (one line per finding, for hooks)
  -v, --verbose        show every dependency edge and each file's ELF facts
  --color, --no-color  force colour on or off (default: on for a terminal, off with NO_COLOR)
  -q, --quiet          no progress line on stderr

Nix code (instead of the report; see the README):
  --emit KIND          nix-ld (a NixOS module), shell (a devShell with NIX_LD), wrapper (a derivation
                       per executable: through nix-alien, and through the store's loader), or
                       patchelf (an autoPatchelfHook derivation for vendored binaries)
  --binary PATH        with --emit wrapper: only this executable
  --out FILE           write the output to FILE (atomically) instead of stdout
  --force              with --out: replace FILE if it exists

Scan:
  --all-files          open every regular file (default: skip well-known text endings such as .js .json .md)
  --no-resolve         report ELF facts only; skip the loader emulation
  --ignore GLOB        leave out paths matching GLOB (repeatable), relative to the PATH they are under
                       (a PATH that is a file: as given); * within a name, ** across directories, ? one
                       character; a matching directory is not read at all. The config's "ignore" globs
                       are relative to the config file's directory
  Directories named .git, .hg, .svn, _darcs and .jj below a PATH are not scanned.

Target:
  --system SYSTEM      x86_64-linux, aarch64-linux or i686-linux (default: this machine's)
  --nixpkgs RELEASE    the nixpkgs release to judge against: ${NIXPKGS_RELEASES.join(", ")} (a name the
                       data does not know, such as 27.05: the nearest known one, with a warning). It sets
                       the target glibc and the attribute names printed. Default, first found: the
                       config's "nixpkgs", the release the project's flake.lock (at or above the first
                       PATH) locks nixpkgs to, this host's /etc/os-release on NixOS (the environment
                       variable NIX_BINCHECK_OS_RELEASE names another file; empty: none), else ${DEFAULT_RELEASE}.
                       The report says which, and warns about a release past its end of life
  --prefer SONAME=ATTR map SONAME to the nixpkgs attribute ATTR (repeatable); wins over the built-in table
  --no-nix-locate      do not ask nix-locate about sonames the built-in table does not know
  --host HOST          who loads .node addons: node (default: nixpkgs' nodejs), none, or a path to an executable
  --no-host-pass       do not look at this machine's libraries to say where a missing one lives
  --root DIR           judge the system mounted at DIR (a NixOS image): its os-release, nix-ld directory and
                       store are read there, absolute symlinks resolved inside it; implies --target host
  --target WHAT        host: judge this machine's environment (nix-ld's NIX_LD and NIX_LD_LIBRARY_PATH,
                       LD_LIBRARY_PATH, NixOS's nix-ld libraries); generic: any NixOS of the release with
                       nix-ld's defaults (default: host on NixOS or with NIX_LD* set, else generic)

Project (see the README):
  --config FILE        read this config (default: the nearest nix-bincheck.config.json, or package.json
                       with a "nix-bincheck" key, in the first PATH or above it up to the repository
                       root; with --staged, the repository's top directory)
  --baseline FILE      accept the findings recorded in FILE (default: nix-bincheck.baseline.json in the
                       config file's directory, else in the current one, if present)
  --write-baseline     record today's findings in the baseline and exit 0
  --staged             check the files staged in git (the index, not the working tree)

  --list-attributes    print every nixpkgs attribute the table can print for --nixpkgs's release, with
                       its evidence (ships, consumer, exists or none) and the nixpkgs file(s) read, and exit
  -h, --help           show this help
  --version            show the version

Exit status: 0 nothing to fix, 1 findings, 2 usage or operational error.
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const FORMATS = ["table", "json", "sarif", "github", "short"] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  paths: string[];
  format: Format;
  verbose: boolean;
  color: boolean | null;
  quiet: boolean;
  allFiles: boolean;
  resolve: boolean;
  system: SystemName | null;
  /** Null: from the config, else the default. */
  nixpkgs: string | null;
  host: string | null;
  config: string | null;
  baseline: string | null;
  /** --ignore globs, normalised ("./vendor/" is "vendor"). */
  ignore: string[];
  writeBaseline: boolean;
  staged: boolean;
  emit: EmitName | null;
  binary: string | null;
  out: string | null;
  force: boolean;
  listAttributes: boolean;
  hostPass: boolean;
  target: "host" | "generic" | null;
  root: string | null;
  prefer: Record<string, string>;
  nixLocate: boolean;
  help: boolean;
  version: boolean;
}

/** A flag whose value must be one of `allowed` (absent is fine). */
function oneOf(flag: string, allowed: readonly string[], value: string | undefined): void {
  if (value !== undefined && !allowed.includes(value)) throw new UsageError(`${flag} takes ${allowed.join(", ")}, not ${JSON.stringify(value)}`);
}

const TARGETS = ["host", "generic"] as const;

const OPTIONS = {
  json: { type: "boolean" },
  format: { type: "string" },
  verbose: { type: "boolean", short: "v" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "all-files": { type: "boolean" },
  "no-resolve": { type: "boolean" },
  ignore: { type: "string", multiple: true },
  system: { type: "string" },
  nixpkgs: { type: "string" },
  host: { type: "string" },
  "no-host-pass": { type: "boolean" },
  target: { type: "string" },
  root: { type: "string" },
  prefer: { type: "string", multiple: true },
  "no-nix-locate": { type: "boolean" },
  config: { type: "string" },
  baseline: { type: "string" },
  "write-baseline": { type: "boolean" },
  staged: { type: "boolean" },
  emit: { type: "string" },
  binary: { type: "string" },
  out: { type: "string" },
  force: { type: "boolean" },
  "list-attributes": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

function parseArgv(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
}

export function parseCli(argv: string[]): CliOptions {
  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv(argv);
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, "")}; see --help`);
  }
  const v = parsed.values;
  const format = v.json ? "json" : (v.format ?? "table");
  oneOf("--format", FORMATS, format);
  if (v.staged && parsed.positionals.length > 0) throw new UsageError("--staged checks what git has staged; give it no paths");
  oneOf("--emit", EMIT_NAMES, v.emit);
  if (v.emit !== undefined && v["no-resolve"]) throw new UsageError("--emit needs the loader emulation; drop --no-resolve");
  if (v.emit !== undefined && v.staged) throw new UsageError("--emit writes Nix for files on disk; run it without --staged");
  if (v.binary !== undefined && v.emit !== "wrapper") throw new UsageError("--binary goes with --emit wrapper");
  if (v.force && v.out === undefined) throw new UsageError("--force goes with --out FILE");
  oneOf("--system", SYSTEMS, v.system);
  oneOf("--target", TARGETS, v.target);
  if (v.root !== undefined && v.target === "generic") throw new UsageError("--root judges the system mounted there; drop --target generic");
  if (v.root === "") throw new UsageError("--root needs a directory: where the NixOS system to judge is mounted");
  if (v.nixpkgs !== undefined && !RELEASE_NAME.test(v.nixpkgs))
    throw new UsageError(`--nixpkgs takes a release such as ${NIXPKGS_RELEASES.join(", ")}, not ${JSON.stringify(v.nixpkgs)}`);
  if (v.host === "") throw new UsageError("--host needs a value: node, none, or a path to an executable");
  const prefer: Record<string, string> = {};
  for (const p of v.prefer ?? []) {
    const m = /^([^=\s/]+)=(.*)$/.exec(p);
    if (!m || !ATTR.test(m[2]!)) throw new UsageError(`--prefer takes SONAME=ATTRIBUTE (e.g. libz.so.1=zlib), not ${JSON.stringify(p)}`);
    prefer[m[1]!] = m[2]!;
  }
  const ignore = (v.ignore ?? []).map((g) => {
    const n = normalizeGlob(g);
    if (n === "" || n === ".") throw new UsageError(`--ignore takes a glob such as vendor/** or **/*.so, not ${JSON.stringify(g)}`);
    return n;
  });
  return {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ["."],
    format: format as Format,
    verbose: v.verbose === true,
    color: v["no-color"] ? false : v.color ? true : null,
    quiet: v.quiet === true,
    allFiles: v["all-files"] === true,
    resolve: v["no-resolve"] !== true,
    system: (v.system as SystemName | undefined) ?? null,
    nixpkgs: v.nixpkgs ?? null,
    host: v.host ?? null,
    config: v.config ?? null,
    baseline: v.baseline ?? null,
    ignore,
    writeBaseline: v["write-baseline"] === true,
    staged: v.staged === true,
    emit: (v.emit as EmitName | undefined) ?? null,
    binary: v.binary ?? null,
    out: v.out ?? null,
    force: v.force === true,
    listAttributes: v["list-attributes"] === true,
    hostPass: v["no-host-pass"] !== true,
    target: v.target === "host" || v.target === "generic" ? v.target : null,
    root: v.root ?? null,
    prefer,
    nixLocate: v["no-nix-locate"] !== true,
    help: v.help === true,
    version: v.version === true,
  };
}

// flake.nix parses, and its outputs evaluate against a stand-in nixpkgs written here in Nix: as
// strict as the real one about the names the flake uses (a misspelt attribute, argument or
// function fails evaluation). Evaluated with plain `nix-instantiate` (Debian's nix-bin: no flakes, no
// daemon, no network, a private configuration from tool-env.ts), by importing flake.nix and calling
// its `outputs` with stand-in inputs. Pure: no environment variable reaches the evaluation, and
// builtins.getEnv is refused by the stand-in, so a flake that needs --impure fails here.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NIX_INSTANTIATE, type NixResult, NixSandbox } from "../support/nix-eval.js";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; description: string };
const SYSTEMS = ["x86_64-linux", "aarch64-linux"] as const;

const have = NIX_INSTANTIATE !== null;

const scratch = mkdtempSync(join(tmpdir(), "nbc-flake-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** nix-instantiate with a private configuration and no store: nothing is built, fetched or written. */
const box = new NixSandbox();
const nix = (args: string[]): NixResult => box.run(args);

/**
 * A clean evaluation: exit 0, no error, no warning about the code. A warning about Nix's set-up
 * (an unknown setting, a missing build-users group) would mean the host's configuration reached
 * the evaluator despite tool-env.ts: that fails too, with its own message.
 */
function expectClean(r: NixResult): void {
  expect(r.diagnostics.errors, r.stderr).toEqual([]);
  expect(r.diagnostics.evaluationWarnings, r.stderr).toEqual([]);
  expect(r.diagnostics.setupWarnings, `the host's Nix configuration leaked into the test:\n${r.stderr}`).toEqual([]);
  expect(r.code, r.stderr).toBe(0);
}

// The stand-in nixpkgs and the evaluation, given the directory holding flake.nix as `root`.
// `\${` is Nix interpolation escaped from the JS template.
const STANDIN = `
{ root }:
let
  b = builtins;
  dir = /. + root;
  # The flake sees builtins without the impure ones: a flake that reads the environment, the
  # system or the clock fails here as it would under pure evaluation.
  impure = name: _: throw "pure evaluation: builtins.\${name} is not allowed (it would need --impure)";
  pureBuiltins = b // { getEnv = impure "getEnv"; currentTime = throw "pure evaluation: builtins.currentTime"; currentSystem = throw "pure evaluation: builtins.currentSystem"; };
  flake = scopedImport { builtins = pureBuiltins; } (dir + "/flake.nix");

  fix = f: let x = f x; in x;
  escapeRegex = s: b.replaceStrings [ "." "+" "*" "?" "(" ")" "[" "]" "{" "}" "|" "^" "$" "\\\\" ] [ "\\\\." "\\\\+" "\\\\*" "\\\\?" "\\\\(" "\\\\)" "\\\\[" "\\\\]" "\\\\{" "\\\\}" "\\\\|" "\\\\^" "\\\\$" "\\\\\\\\" ] s;
  filterAttrs = pred: set: b.listToAttrs (b.concatMap (n: if pred n set.\${n} then [ { name = n; value = set.\${n}; } ] else [ ]) (b.attrNames set));

  # Only the lib functions the flake may use; anything else is a missing attribute.
  fileset =
    let
      mk = include: exclude: { _type = "fileset"; inherit include exclude; };
      coerce = x:
        if b.isPath x then (if b.pathExists x then mk [ (toString x) ] [ ] else throw "lib.fileset: \${toString x} does not exist")
        else if (x._type or null) == "fileset" then x
        else throw "lib.fileset: expected a path or a file set";
    in
    {
      maybeMissing = p: assert b.isPath p; if b.pathExists p then mk [ (toString p) ] [ ] else mk [ ] [ ];
      unions = xs: assert b.isList xs; let s = map coerce xs; in mk (b.concatMap (x: x.include) s) (b.concatMap (x: x.exclude) s);
      difference = a: c: let x = coerce a; y = coerce c; in mk x.include (x.exclude ++ y.include);
      toSource = { root, fileset }:
        let
          r = toString root;
          s = coerce fileset;
          rel = p: if p == r then "." else if b.substring 0 (b.stringLength r + 1) p == r + "/" then b.substring (b.stringLength r + 1) (-1) p else throw "lib.fileset.toSource: \${p} is outside \${r}";
        in
        { _type = "source"; outPath = "/nix/store/00000000000000000000000000000000-source"; include = map rel s.include; exclude = map rel s.exclude; };
    };
  lib = {
    inherit fileset;
    genAttrs = names: f: b.listToAttrs (map (n: { name = n; value = f n; }) names);
    importJSON = p: b.fromJSON (b.readFile p);
    mapAttrs = b.mapAttrs;
    last = l: assert b.isList l && l != [ ]; b.elemAt l (b.length l - 1);
    splitString = sep: s: b.filter b.isString (b.split (escapeRegex sep) s);
    removeSuffix = suffix: s:
      let n = b.stringLength s; k = b.stringLength suffix; in
      if k <= n && b.substring (n - k) k s == suffix then b.substring 0 (n - k) s else s;
    optional = c: x: assert b.isBool c; if c then [ x ] else [ ];
    optionalString = c: s: assert b.isBool c && b.isString s; if c then s else "";
    concatMapStrings = f: l: b.concatStringsSep "" (map f l);
    concatMapStringsSep = sep: f: l: b.concatStringsSep sep (map f l);
    getExe = x: "\${x}/bin/\${x.meta.mainProgram}";
    escapeShellArg = arg: "'" + b.replaceStrings [ "'" ] [ "'\\\\''" ] (toString arg) + "'";
    licenses.mit = { spdxId = "MIT"; shortName = "mit"; };
    platforms.linux = [ "aarch64-linux" "armv7l-linux" "i686-linux" "powerpc64le-linux" "riscv64-linux" "x86_64-linux" ];
  };

  drv = name: { type = "derivation"; inherit name; outPath = "/nix/store/00000000000000000000000000000000-\${name}"; };

  # stdenv.mkDerivation with the arguments a package like this one may use: a misspelt argument fails
  # here instead of being ignored. Phases must be strings that run their hooks.
  mkDerivationArgs = [
    "pname" "version" "name" "src" "nativeBuildInputs" "buildInputs" "buildPhase" "installPhase"
    "doCheck" "checkPhase" "doInstallCheck" "installCheckPhase" "dontConfigure" "strictDeps"
    "passthru" "meta" "env"
  ];
  mkDerivation = args:
    let
      unknown = b.filter (n: !(b.elem n mkDerivationArgs)) (b.attrNames args);
      phases = b.filter (n: b.match ".*Phase" n != null) (b.attrNames args);
      badPhase = b.filter (n: !(b.isString args.\${n}) || b.match ".*runHook pre.*runHook post.*" (b.replaceStrings [ "\n" ] [ " " ] args.\${n}) == null) phases;
    in
    if unknown != [ ] then throw "stdenv.mkDerivation: unknown argument(s) \${b.concatStringsSep ", " unknown}"
    else if badPhase != [ ] then throw "stdenv.mkDerivation: phase(s) \${b.concatStringsSep ", " badPhase} must run their pre/post hooks"
    else args // drv "\${args.pname}-\${args.version}";

  # runCommand uses stdenvNoCC; a command that compiles needs runCommandCC.
  runCommandWith = withCC: name: env: buildCommand:
    assert b.isAttrs env && b.isString buildCommand;
    drv name // { inherit buildCommand withCC; nativeBuildInputs = env.nativeBuildInputs or [ ]; srcFiles = if env ? src then env.src.include else [ ]; };

  platformConfig = { x86_64-linux = "x86_64-unknown-linux-gnu"; aarch64-linux = "aarch64-unknown-linux-gnu"; };
  cross = config: {
    stdenv.hostPlatform = { inherit config; };
    buildPackages.binutils-unwrapped = drv "\${config}-binutils-2.44";
  };

  pkgsFor = system: final: {
    inherit lib;
    stdenv = { hostPlatform = { inherit system; config = platformConfig.\${system}; }; inherit mkDerivation; };
    callPackage = f: overrides: f (b.intersectAttrs (b.functionArgs f) final // overrides);
    mkShell = { name ? "nix-shell", packages ? [ ], inputsFrom ? [ ], nativeBuildInputs ? [ ], buildInputs ? [ ], shellHook ? "", hardeningDisable ? [ ], env ? { } }:
      drv name // { inherit packages buildInputs hardeningDisable env; };
    runCommand = runCommandWith false;
    runCommandCC = runCommandWith true;
    esbuild = drv "esbuild-0.25.9";
    makeWrapper = drv "make-shell-wrapper-hook";
    nodejs = drv "nodejs-24.11.1" // { meta.mainProgram = "node"; };
    nodejs_22 = drv "nodejs-22.21.1" // { meta.mainProgram = "node"; };
    nodejs_24 = drv "nodejs-24.11.1";
    nodejs_20 = throw "Package 'nodejs-20.20.2' is marked as insecure, refusing to evaluate.";
    gcc = drv "gcc-wrapper-14.3.0";
    binutils = drv "binutils-wrapper-2.44";
    binutils-unwrapped = drv "binutils-2.44";
    glibc = drv "glibc-2.40" // { static = drv "glibc-2.40-static"; };
    musl = drv "musl-1.2.5" // { dev = drv "musl-1.2.5-dev"; };
    python3 = drv "python3-3.13.7";
    nix = drv "nix-2.31.2";
    pax-utils = drv "pax-utils-1.3.8";
    time = drv "time-1.9";
    hyperfine = drv "hyperfine-1.19.0";
    patchelf = drv "patchelf-0.15.2";
    git = drv "git-2.51.0";
    pre-commit = drv "pre-commit-4.3.0";
    nixfmt = drv "nixfmt-1.1.0";
    nixfmt-tree = drv "nixfmt-tree";
    pkgsCross = {
      aarch64-multiplatform = cross "aarch64-unknown-linux-gnu";
      ppc64 = cross "powerpc64-unknown-linux-gnuabielfv2";
      s390x = cross "s390x-unknown-linux-gnu";
      mips-linux-gnu = cross "mips-unknown-linux-gnu";
    };
  };

  systems = [ "x86_64-linux" "aarch64-linux" ];
  nixpkgs = {
    inherit lib;
    legacyPackages = lib.genAttrs systems (system: fix (pkgsFor system));
    outPath = "/nix/store/00000000000000000000000000000000-source";
  };
  withOverlay = system: overlay: fix (final: let prev = pkgsFor system final; in prev // overlay final prev);

  # What Nix passes as self: the outputs plus the source's metadata.
  self = outputs // {
    _type = "flake";
    outPath = root;
    sourceInfo = { outPath = root; lastModified = 0; };
    inputs = { inherit nixpkgs; };
    inherit outputs;
  };
  outputs = flake.outputs { inherit self nixpkgs; };

  names = map (p: p.name);
  pkgFacts = p: {
    inherit (p) pname version name buildPhase installPhase doInstallCheck installCheckPhase;
    nativeBuildInputs = names p.nativeBuildInputs;
    src = { inherit (p.src) include exclude; };
    meta = { inherit (p.meta) description mainProgram platforms; license = p.meta.license.spdxId; };
  };
  perSystem = system:
    let shell = outputs.devShells.\${system}.default;
    in {
      packages = b.mapAttrs (_: pkgFacts) outputs.packages.\${system};
      apps = b.mapAttrs (_: a: { inherit (a) type program; description = a.meta.description; }) outputs.apps.\${system};
      devShell = {
        packages = names shell.packages;
        buildInputs = names shell.buildInputs;
        inherit (shell) hardeningDisable env;
        crossBinutils = b.concatStringsSep "\\n" (map (p: p.buildCommand) (b.filter (p: p ? buildCommand) shell.packages));
      };
      checks = b.mapAttrs (_: c: { inherit (c) name; buildCommand = c.buildCommand or null; withCC = c.withCC or null; nativeBuildInputs = names (c.nativeBuildInputs or [ ]); srcFiles = c.srcFiles or [ ]; }) outputs.checks.\${system};
      formatter = outputs.formatter.\${system}.name;
    };
in
b.deepSeq outputs {
  inherit (flake) description;
  nixpkgsUrl = flake.inputs.nixpkgs.url;
  outputNames = b.attrNames outputs;
  systemsOf = b.mapAttrs (_: v: b.attrNames v) (removeAttrs outputs [ "overlays" ]);
  perSystem = lib.genAttrs systems perSystem;
  overlay = {
    isFunction = b.isFunction outputs.overlays.default;
    nix-bincheck = pkgFacts (withOverlay "x86_64-linux" outputs.overlays.default).nix-bincheck;
  };
}
`;

interface PkgFacts {
  pname: string;
  version: string;
  name: string;
  buildPhase: string;
  installPhase: string;
  doInstallCheck: boolean;
  installCheckPhase: string;
  nativeBuildInputs: string[];
  src: { include: string[]; exclude: string[] };
  meta: { description: string; mainProgram: string; platforms: string[]; license: string };
}
interface Facts {
  description: string;
  nixpkgsUrl: string;
  outputNames: string[];
  systemsOf: Record<string, string[]>;
  perSystem: Record<
    string,
    {
      packages: Record<string, PkgFacts>;
      apps: Record<string, { type: string; program: string; description: string }>;
      devShell: { packages: string[]; buildInputs: string[]; hardeningDisable: string[]; env: Record<string, string>; crossBinutils: string };
      checks: Record<string, { name: string; buildCommand: string | null; withCC: boolean | null; nativeBuildInputs: string[]; srcFiles: string[] }>;
      formatter: string;
    }
  >;
  overlay: { isFunction: boolean; "nix-bincheck": PkgFacts };
}

const standinFile = join(scratch, "standin.nix");
writeFileSync(standinFile, STANDIN);
const evaluate = (root: string) => nix(["--eval", "--strict", "--json", standinFile, "--argstr", "root", root]);

describe("flake.nix", () => {
  if (!have && process.env.CI) {
    it("nix-instantiate is available", () => {
      throw new Error("nix-instantiate is not installed: apt-get install nix-bin");
    });
  }
  if (!have) {
    it.skip("needs nix-instantiate (apt-get install nix-bin): skipped", () => {});
    return;
  }

  it("parses", () => {
    expectClean(nix(["--parse", join(ROOT, "flake.nix")]));
  });

  let facts: Facts;
  it("its outputs evaluate strictly and purely against the stand-in nixpkgs", () => {
    const r = evaluate(ROOT);
    expectClean(r);
    facts = JSON.parse(r.stdout) as Facts;
    expect(facts.nixpkgsUrl).toMatch(/^github:NixOS\/nixpkgs\/nixos-(unstable|\d\d\.\d\d)$/);
    expect(facts.description).toMatch(/^nix-bincheck: /);
    expect(facts.outputNames.sort()).toEqual(["apps", "checks", "devShells", "formatter", "overlays", "packages"]);
    for (const [output, systems] of Object.entries(facts.systemsOf)) expect(systems.sort(), output).toEqual([...SYSTEMS].sort());
  });

  describe.each(SYSTEMS)("on %s", (system) => {
    const at = () => facts.perSystem[system]!;

    it("packages.default is nix-bincheck at package.json's version, built by src/build.sh with nixpkgs' esbuild and nodejs: no npm fetch, no hash", () => {
      for (const name of ["default", "nix-bincheck"]) {
        const p = at().packages[name]!;
        expect(p.pname).toBe(pkg.name);
        expect(p.version).toBe(pkg.version);
        // nodejs makes the code cache at build time, with the node the wrapper runs.
        expect(p.nativeBuildInputs).toEqual(["esbuild-0.25.9", "nodejs-24.11.1", "make-shell-wrapper-hook"]);
        expect(p.buildPhase).toContain("sh src/build.sh");
        // The wrapper runs the bundle with the nodejs the package was called with (pkgs.nodejs by default).
        expect(p.installPhase).toContain(
          "makeWrapper /nix/store/00000000000000000000000000000000-nodejs-24.11.1/bin/node $out/bin/nix-bincheck --add-flags $dir/dist/nix-bincheck.mjs",
        );
        expect(p.installPhase).toContain("cp -r dist package.json README.md LICENSE $dir/");
        expect(p.doInstallCheck).toBe(true);
        expect(p.installCheckPhase).toContain(`$out/bin/nix-bincheck --version)" = '${pkg.version}'`);
        expect(p.meta).toEqual({ description: pkg.description, mainProgram: "nix-bincheck", platforms: expect.arrayContaining([...SYSTEMS]), license: "MIT" });
        expect(p.src.include.sort()).toEqual(["LICENSE", "README.md", "package.json", "src"]);
      }
    });

    it("apps.default runs bin/nix-bincheck", () => {
      const app = at().apps.default!;
      expect(app.type).toBe("app");
      expect(app.program).toMatch(/^\/nix\/store\/[^/]+-nix-bincheck-[^/]+\/bin\/nix-bincheck$/);
      expect(app.description).toBe(pkg.description);
    });

    it("devShells.default has node, the compilers, binutils, the test and bench tools", () => {
      const shell = at().devShell;
      for (const p of [
        "nodejs-22.",
        "gcc-wrapper-",
        "binutils-wrapper-",
        "python3-",
        "musl-1.2.5-dev",
        "nix-2.",
        "pax-utils-",
        "time-",
        "hyperfine-",
        "patchelf-",
        "git-",
        "pre-commit-",
        "debian-named-cross-binutils",
      ]) {
        expect(
          shell.packages.some((n) => n.startsWith(p)),
          p,
        ).toBe(true);
      }
      expect(shell.buildInputs).toEqual(["glibc-2.40-static"]);
      expect(shell.hardeningDisable).toEqual(["all"]);
      expect(shell.env).toEqual({ NIX_DONT_SET_RPATH: "1" });
      for (const [debian, config] of [
        ["aarch64-linux-gnu", "aarch64-unknown-linux-gnu"],
        ["powerpc64-linux-gnu", "powerpc64-unknown-linux-gnuabielfv2"],
        ["s390x-linux-gnu", "s390x-unknown-linux-gnu"],
        ["mips-linux-gnu", "mips-unknown-linux-gnu"],
      ] as const) {
        const native = system === "aarch64-linux" && debian === "aarch64-linux-gnu";
        const from = native
          ? "/nix/store/00000000000000000000000000000000-binutils-2.44/bin/$tool"
          : `/nix/store/00000000000000000000000000000000-${config}-binutils-2.44/bin/${config}-$tool`;
        expect(shell.crossBinutils).toContain(`ln -s ${from} $out/bin/${debian}-$tool`);
      }
    });

    it("checks build the package and run the built command against executables compiled from fixtures", () => {
      const { checks } = at();
      expect(Object.keys(checks).sort()).toEqual(["default", "package"]);
      expect(checks.package!.name).toBe(`nix-bincheck-${pkg.version}`);
      const t = checks.default!;
      expect(t.withCC).toBe(true);
      expect(t.nativeBuildInputs).toEqual([`nix-bincheck-${pkg.version}`, "patchelf-0.15.2"]);
      expect(t.srcFiles.sort()).toEqual(["fixtures/elf/src", "test/flake/check-cli.sh"]);
      expect(t.buildCommand).toContain('sh $src/test/flake/check-cli.sh nix-bincheck "$TMPDIR/check"');
    });

    it("formatter is nixfmt (through treefmt, so `nix fmt` formats the tree)", () => {
      expect(at().formatter).toBe("nixfmt-tree");
    });
  });

  it("overlays.default adds nix-bincheck", () => {
    expect(facts.overlay.isFunction).toBe(true);
    expect(facts.overlay["nix-bincheck"].pname).toBe(pkg.name);
    expect(facts.overlay["nix-bincheck"].version).toBe(pkg.version);
    expect(facts.overlay["nix-bincheck"].installPhase).toContain("-nodejs-24.11.1/bin/node");
  });

  it("the flake text names no registry host and needs no environment variable", () => {
    const text = readFileSync(join(ROOT, "flake.nix"), "utf8");
    expect(text).not.toMatch(/getEnv|--impure|NPM_CONFIG_REGISTRY|importNpmLock|npmDepsHash|https?:\/\//);
  });

  // A copy of the flake with one name misspelt must fail: the stand-in accepts no unknown names.
  describe("the stand-in is strict", () => {
    const copy = join(scratch, "copy");
    const flake = readFileSync(join(ROOT, "flake.nix"), "utf8");
    const place = (text: string) => {
      rmSync(copy, { recursive: true, force: true });
      for (const f of ["package.json", "README.md", "LICENSE", "src/build.sh", "test/flake/check-cli.sh", "src", "fixtures/elf/src"]) {
        cpSync(join(ROOT, f), join(copy, f), { recursive: true });
      }
      writeFileSync(join(copy, "flake.nix"), text);
      return evaluate(copy);
    };

    it("an unchanged copy evaluates", () => {
      expectClean(place(flake));
    });

    it.each([
      ["a package", "pkgs.hyperfine", "pkgs.hyperfin"],
      ["a lib function", "lib.getExe", "lib.getExec"],
      ["a mkDerivation argument", "nativeBuildInputs = [\n            esbuild", "nativeBuildInput = [\n            esbuild"],
      ["a phase without its hooks", "runHook postBuild", "true"],
      ["a file the package needs", "./LICENSE", "./LICENCE"],
      ["a callPackage argument", "makeWrapper,\n        }", "makeWraper,\n        }"],
      ["runCommandCC for a compiling check", "pkgs.runCommandCC", "pkgs.runCommandCc"],
      ["a pkgsCross platform", 'cross = "s390x";', 'cross = "s390";'],
      ["a mkShell argument", "hardeningDisable =", "hardeningDisabled ="],
      ["the Node.js attribute", "pkgs.nodejs_22", "pkgs.nodejs_20"],
    ])("misspelling %s fails evaluation", (_what, from, to) => {
      expect(flake).toContain(from);
      const r = place(flake.replace(from, to));
      expect(r.code).not.toBe(0);
      expect(r.diagnostics.errors.length, r.stderr).toBeGreaterThan(0);
    });

    it("reading the environment fails evaluation, as pure evaluation would", () => {
      const r = place(flake.replace("inherit (packageJson) description;", 'description = builtins.getEnv "DESCRIPTION";'));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("builtins.getEnv is not allowed");
    });
  });
});

// flake.nix parses, and its outputs evaluate against a stand-in nixpkgs written here in Nix: as
// strict as the real one about the names the flake uses (a misspelt attribute, argument or
// function fails evaluation), with importNpmLock checking the lockfiles the way the real build
// would need them. Evaluated with plain `nix-instantiate` (Debian's nix-bin: no flakes, no daemon,
// no network), by importing flake.nix and calling its `outputs` with stand-in inputs.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; description: string };
const SYSTEMS = ["x86_64-linux", "aarch64-linux"] as const;

const have = spawnSync("nix-instantiate", ["--version"], { encoding: "utf8" }).status === 0;

const scratch = mkdtempSync(join(tmpdir(), "nbc-flake-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// nix-instantiate as root without a daemon: private state, log, config and home dirs, and
// --readonly-mode so nothing is written to /nix/store (nothing here needs building or fetching).
/** A placeholder registry: the flake builds URLs under $NPM_CONFIG_REGISTRY for lock entries npm wrote without one. */
const REGISTRY = "https://registry.example.invalid";

function nix(args: string[], registry: string | null = `${REGISTRY}/`): { code: number | null; stdout: string; stderr: string } {
  const home = join(scratch, "home");
  const env: Record<string, string> = {
    ...(registry !== null ? { NPM_CONFIG_REGISTRY: registry } : {}),
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    NIX_STATE_DIR: join(scratch, "state"),
    NIX_LOG_DIR: join(scratch, "log"),
    NIX_CONF_DIR: join(scratch, "conf"),
    XDG_CACHE_HOME: join(home, ".cache"),
  };
  for (const d of [home, env.NIX_CONF_DIR!]) mkdirSync(d, { recursive: true });
  const r = spawnSync("nix-instantiate", ["--readonly-mode", ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The stand-in nixpkgs and the evaluation, given the directory holding flake.nix as `root`.
// `\${` is Nix interpolation escaped from the JS template.
const STANDIN = `
{ root }:
let
  b = builtins;
  dir = /. + root;
  flake = import (dir + "/flake.nix");

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
    licenses.mit = { spdxId = "MIT"; shortName = "mit"; };
    platforms.linux = [ "aarch64-linux" "armv7l-linux" "i686-linux" "powerpc64le-linux" "riscv64-linux" "x86_64-linux" ];
  };

  drv = name: { type = "derivation"; inherit name; outPath = "/nix/store/00000000000000000000000000000000-\${name}"; };

  # importNpmLock fetches an entry only when it has "resolved" (else npm goes to the network in the
  # sandbox and fails), and looks up "resolved" for each package.json dependency.
  importNpmLock =
    let
      fn = { npmRoot ? null, package ? lib.importJSON (npmRoot + "/package.json"), packageLock ? lib.importJSON (npmRoot + "/package-lock.json"), pname ? package.name or "unknown", version ? package.version or "0.0.0", fetcherOpts ? { } }:
        let
          fetchable = filterAttrs (p: e: p != "" && !(e.link or false) && !(e.inBundle or false)) packageLock.packages;
          unresolved = b.filter (p: !(fetchable.\${p} ? resolved && fetchable.\${p} ? integrity)) (b.attrNames fetchable);
          depSources = map (n: packageLock.packages."node_modules/\${n}".resolved) (b.attrNames (package.dependencies or { } // package.devDependencies or { }));
        in
        if unresolved != [ ] then throw "importNpmLock: no resolved/integrity for \${b.concatStringsSep ", " unresolved}"
        else b.deepSeq depSources (drv "\${pname}-\${version}-sources" // {
          _standin = "importNpmLock";
          urls = b.mapAttrs (_: e: e.resolved) fetchable;
        });
    in
    {
      __functor = _: fn;
      npmConfigHook = drv "npm-config-hook";
      linkNodeModulesHook = drv "link-node-modules-hook";
      hooks = { npmConfigHook = drv "npm-config-hook"; linkNodeModulesHook = drv "link-node-modules-hook"; };
      buildNodeModules = { npmRoot ? null, package ? lib.importJSON (npmRoot + "/package.json"), packageLock ? lib.importJSON (npmRoot + "/package-lock.json"), nodejs, pname ? null, version ? null, npmFlags ? [ ], npmInstallFlags ? [ ], npmRebuildFlags ? [ ] }:
        drv "\${package.name}-node-modules" // { npmDeps = fn { inherit npmRoot package packageLock; }; inherit nodejs npmRebuildFlags; };
    };

  # buildNpmPackage takes mkDerivation's attributes too; the stand-in knows the ones a flake like
  # this one may use, so a misspelt argument fails here instead of being ignored.
  buildNpmPackageArgs = [
    "pname" "version" "src" "nodejs" "npmDeps" "npmDepsHash" "npmConfigHook" "npmBuildHook" "npmInstallHook"
    "npmBuildScript" "npmFlags" "npmInstallFlags" "npmRebuildFlags" "npmBuildFlags" "npmPackFlags" "npmPruneFlags"
    "npmWorkspace" "makeCacheWritable" "dontNpmBuild" "dontNpmInstall" "dontNpmPrune" "makeWrapperArgs"
    "nativeBuildInputs" "buildInputs" "nativeCheckInputs" "checkInputs" "doCheck" "checkPhase" "buildPhase"
    "installPhase" "preBuild" "postBuild" "preInstall" "postInstall" "preCheck" "postCheck" "env" "passthru" "meta"
  ];
  buildNpmPackage = args:
    let unknown = b.filter (n: !(b.elem n buildNpmPackageArgs)) (b.attrNames args);
    in
    if unknown != [ ] then throw "buildNpmPackage: unknown argument(s) \${b.concatStringsSep ", " unknown}"
    else if (args.npmDeps._standin or null) == "importNpmLock" && (args.npmConfigHook.name or null) != "npm-config-hook"
    then throw "buildNpmPackage: npmDeps from importNpmLock needs npmConfigHook = importNpmLock.npmConfigHook"
    else args // drv "\${args.pname}-\${args.version}";

  platformConfig = { x86_64-linux = "x86_64-unknown-linux-gnu"; aarch64-linux = "aarch64-unknown-linux-gnu"; };
  cross = config: {
    stdenv.hostPlatform = { inherit config; };
    buildPackages.binutils-unwrapped = drv "\${config}-binutils-2.44";
  };

  pkgsFor = system: final: {
    inherit lib buildNpmPackage importNpmLock;
    stdenv.hostPlatform = { inherit system; config = platformConfig.\${system}; };
    callPackage = f: overrides: f (b.intersectAttrs (b.functionArgs f) final // overrides);
    mkShell = { name ? "nix-shell", packages ? [ ], inputsFrom ? [ ], nativeBuildInputs ? [ ], buildInputs ? [ ], shellHook ? "", hardeningDisable ? [ ], env ? { } }:
      drv name // { inherit packages buildInputs hardeningDisable env; };
    runCommand = name: env: buildCommand: assert b.isAttrs env && b.isString buildCommand; drv name // { inherit buildCommand; };
    nodejs = drv "nodejs-24.11.1";
    nodejs_22 = drv "nodejs-22.21.1";
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
    inherit (p) pname version name npmBuildScript;
    nodejs = p.nodejs.name;
    npmConfigHook = p.npmConfigHook.name;
    npmDeps = p.npmDeps._standin;
    depUrls = p.npmDeps.urls;
    src = { inherit (p.src) include exclude; };
    dontNpmPrune = p.dontNpmPrune or false;
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
      checks = b.mapAttrs (_: c: { inherit (c) name; checkPhase = c.checkPhase or null; doCheck = c.doCheck or false; nativeCheckInputs = names (c.nativeCheckInputs or [ ]); }) outputs.checks.\${system};
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
  npmBuildScript: string;
  nodejs: string;
  npmConfigHook: string;
  npmDeps: string;
  depUrls: Record<string, string>;
  src: { include: string[]; exclude: string[] };
  dontNpmPrune: boolean;
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
      checks: Record<string, { name: string; checkPhase: string | null; doCheck: boolean; nativeCheckInputs: string[] }>;
      formatter: string;
    }
  >;
  overlay: { isFunction: boolean; "nix-bincheck": PkgFacts };
}

const standinFile = join(scratch, "standin.nix");
writeFileSync(standinFile, STANDIN);
const evaluate = (root: string, registry?: string | null) => nix(["--eval", "--strict", "--json", standinFile, "--argstr", "root", root], registry);

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
    const r = nix(["--parse", join(ROOT, "flake.nix")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  let facts: Facts;
  it("its outputs evaluate strictly against the stand-in nixpkgs", () => {
    const r = evaluate(ROOT);
    expect(r.stderr, r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    facts = JSON.parse(r.stdout) as Facts;
    expect(facts.nixpkgsUrl).toMatch(/^github:NixOS\/nixpkgs\/nixos-(unstable|\d\d\.\d\d)$/);
    expect(facts.description).toMatch(/^nix-bincheck: /);
    expect(facts.outputNames.sort()).toEqual(["apps", "checks", "devShells", "formatter", "overlays", "packages"]);
    for (const [output, systems] of Object.entries(facts.systemsOf)) expect(systems.sort(), output).toEqual([...SYSTEMS].sort());
  });

  describe.each(SYSTEMS)("on %s", (system) => {
    const at = () => facts.perSystem[system]!;

    it("packages.default is nix-bincheck at package.json's version, built from the lockfile with no hash", () => {
      for (const name of ["default", "nix-bincheck"]) {
        const p = at().packages[name]!;
        expect(p.pname).toBe(pkg.name);
        expect(p.version).toBe(pkg.version);
        expect(p.npmBuildScript).toBe("build");
        expect(p.nodejs).toMatch(/^nodejs-22\./);
        expect(p.npmDeps).toBe("importNpmLock");
        expect(p.npmConfigHook).toBe("npm-config-hook");
        expect(p.dontNpmPrune).toBe(false);
        expect(p.meta).toEqual({ description: pkg.description, mainProgram: "nix-bincheck", platforms: expect.arrayContaining([...SYSTEMS]), license: "MIT" });
        expect(p.src.include).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "src"]));
        expect(p.src.include).not.toContain("test");
      }
    });

    it("gives every lockfile entry npm left without a URL one under $NPM_CONFIG_REGISTRY, in npm's layout", () => {
      const urls = at().packages.default!.depUrls;
      expect(urls["node_modules/picocolors"]).toBe(`${REGISTRY}/picocolors/-/picocolors-1.1.1.tgz`);
      const types = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
      const v = types.packages["node_modules/@types/node"]!.version;
      expect(urls["node_modules/@types/node"]).toBe(`${REGISTRY}/@types/node/-/node-${v}.tgz`);
      for (const url of Object.values(urls)) expect(url.startsWith(`${REGISTRY}/`)).toBe(true);
    });

    it("apps.default runs bin/nix-bincheck", () => {
      const app = at().apps.default!;
      expect(app.type).toBe("app");
      expect(app.program).toMatch(/^\/nix\/store\/[^/]+-nix-bincheck-[^/]+\/bin\/nix-bincheck$/);
      expect(app.description).toBe(pkg.description);
    });

    it("devShells.default has node, the compilers, binutils, the test and bench tools", () => {
      const shell = at().devShell;
      for (const p of ["nodejs-22.", "gcc-wrapper-", "binutils-wrapper-", "python3-", "musl-1.2.5-dev", "nix-2.", "pax-utils-", "time-", "hyperfine-", "patchelf-", "debian-named-cross-binutils"]) {
        expect(shell.packages.some((n) => n.startsWith(p)), p).toBe(true);
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
        const from = native ? "/nix/store/00000000000000000000000000000000-binutils-2.44/bin/$tool" : `/nix/store/00000000000000000000000000000000-${config}-binutils-2.44/bin/${config}-$tool`;
        expect(shell.crossBinutils).toContain(`ln -s ${from} $out/bin/${debian}-$tool`);
      }
    });

    it("checks run the test suite without the tests that need a Debian host", () => {
      const { checks } = at();
      expect(Object.keys(checks).sort()).toEqual(["default", "package"]);
      expect(checks.package!.name).toBe(`nix-bincheck-${pkg.version}`);
      const t = checks.default!;
      expect(t.doCheck).toBe(true);
      expect(t.nativeCheckInputs).toEqual(["git-2.51.0"]);
      expect(t.checkPhase).toContain("node_modules/.bin/vitest run");
      for (const f of ["test/cli/cli.test.ts", "test/loader/real-loader.test.ts", "test/loader/ldcache.test.ts", "test/elf/readelf-diff.test.ts", "test/nixpkgs/debian-coverage.test.ts"]) {
        expect(t.checkPhase).toContain(`--exclude ${f}`);
      }
      const tree = "fixtures/npm-tree/node_modules";
      if (system === "x86_64-linux") {
        expect(t.checkPhase).toMatch(new RegExp(`cp -r /nix/store/[^ ]+-nix-bincheck-real-tree-node-modules/node_modules ${tree}`));
        expect(t.checkPhase).not.toContain("--exclude test/loader/npm-tree.test.ts");
      } else {
        expect(t.checkPhase).not.toContain(tree);
        expect(t.checkPhase).toContain("--exclude test/loader/npm-tree.test.ts");
      }
    });

    it("formatter is nixfmt (through treefmt, so `nix fmt` formats the tree)", () => {
      expect(at().formatter).toBe("nixfmt-tree");
    });
  });

  it("overlays.default adds nix-bincheck", () => {
    expect(facts.overlay.isFunction).toBe(true);
    expect(facts.overlay["nix-bincheck"].pname).toBe(pkg.name);
    expect(facts.overlay["nix-bincheck"].version).toBe(pkg.version);
    expect(facts.overlay["nix-bincheck"].nodejs).toMatch(/^nodejs-22\./);
  });

  // A copy of the flake with one name misspelt must fail: the stand-in accepts no unknown names.
  describe("the stand-in is strict", () => {
    const copy = join(scratch, "copy");
    const flake = readFileSync(join(ROOT, "flake.nix"), "utf8");
    const place = (text: string) => {
      rmSync(copy, { recursive: true, force: true });
      mkdirSync(join(copy, "src"), { recursive: true });
      mkdirSync(join(copy, "fixtures/npm-tree"), { recursive: true });
      for (const f of ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "fixtures/npm-tree/package.json", "fixtures/npm-tree/package-lock.json"]) {
        cpSync(join(ROOT, f), join(copy, f));
      }
      writeFileSync(join(copy, "flake.nix"), text);
      return evaluate(copy);
    };

    it("an unchanged copy evaluates", () => {
      const r = place(flake);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    });

    it.each([
      ["a package", "pkgs.hyperfine", "pkgs.hyperfin"],
      ["a lib function", "lib.getExe", "lib.getExec"],
      ["a buildNpmPackage argument", "npmBuildScript =", "npmBuildScrpt ="],
      ["an importNpmLock argument", "packageLock = lockOf ./.;", "packageLocks = lockOf ./.;"],
      ["the importNpmLock hook", "importNpmLock.npmConfigHook", "importNpmLock.npmConfigHooks"],
      ["a pkgsCross platform", 'cross = "s390x";', 'cross = "s390";'],
      ["a mkShell argument", "hardeningDisable =", "hardeningDisabled ="],
      ["the Node.js attribute", "pkgs.nodejs_22", "pkgs.nodejs_20"],
    ])("misspelling %s fails evaluation", (_what, from, to) => {
      expect(flake).toContain(from);
      const r = place(flake.replace(from, to));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/error/);
    });

    it("without $NPM_CONFIG_REGISTRY a URL-less lockfile fails evaluation with the fix", () => {
      const r = evaluate(ROOT, null);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("set NPM_CONFIG_REGISTRY to your npm registry's base URL and evaluate with --impure");
    });

    it("a lockfile entry without a source fails evaluation, as the sandboxed build would", () => {
      const r = place(flake.replace("lockOf = dir: withRegistryUrls (", "lockOf = dir: (lib.mapAttrs (_: v: v)) ("));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/importNpmLock: no resolved\/integrity for node_modules\//);
    });
  });
});

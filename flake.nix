{
  description = "nix-bincheck: find prebuilt binaries that will not run on NixOS, say why, and print the Nix code that makes them run";

  # nixos-unstable: the tool reports nixpkgs attribute names as they are now, and flake.lock pins
  # the exact revision anyway. Users of the overlay or the package normally make this input
  # follow their own nixpkgs (`inputs.nix-bincheck.inputs.nixpkgs.follows = "nixpkgs";`).
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;

      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});

      packageJson = lib.importJSON ./package.json;

      # This repository's lockfiles are written with npm's omit-lockfile-registry-resolved, so
      # registry entries carry "integrity" but no "resolved", and importNpmLock fetches only entries
      # that have one. Such entries get a URL under $NPM_CONFIG_REGISTRY (your npm registry's base
      # URL; read with --impure). A lockfile written where npm records URLs needs none of this.
      npmRegistry = lib.removeSuffix "/" (builtins.getEnv "NPM_CONFIG_REGISTRY");
      withRegistryUrls =
        lock:
        lock
        // {
          packages = lib.mapAttrs (
            path: entry:
            if
              path == ""
              || entry ? resolved
              || entry.link or false
              || entry.inBundle or false
              || !(entry ? integrity && entry ? version)
            then
              entry
            else
              let
                name = entry.name or (lib.last (lib.splitString "node_modules/" path));
                file = lib.last (lib.splitString "/" name);
              in
              entry
              // {
                resolved =
                  if npmRegistry == "" then
                    throw "nix-bincheck: package-lock.json has no registry URL for ${path}; set NPM_CONFIG_REGISTRY to your npm registry's base URL and evaluate with --impure, or regenerate the lockfile with URLs (npm install --package-lock-only --no-omit-lockfile-registry-resolved)"
                  else
                    "${npmRegistry}/${name}/-/${file}-${entry.version}.tgz";
              }
          ) lock.packages;
        };
      lockOf = dir: withRegistryUrls (lib.importJSON (dir + "/package-lock.json"));

      # Node.js 20 is end-of-life (2026-04-30) and nixpkgs marks nodejs_20 insecure, so evaluation
      # refuses it; nodejs_22 is the oldest maintained LTS and satisfies engines (>=20.19).
      nodejsOf = pkgs: pkgs.nodejs_22;

      # Only what `tsc -p tsconfig.build.json` and `npm pack` read: editing tests or docs does not
      # rebuild the package.
      packageSource = lib.fileset.toSource {
        root = ./.;
        fileset = lib.fileset.unions [
          ./package.json
          ./package-lock.json
          ./tsconfig.json
          ./tsconfig.build.json
          ./src
          (lib.fileset.maybeMissing ./README.md)
        ];
      };

      # Everything the test suite reads, without anything a local `npm ci` or build left behind.
      testSource = lib.fileset.toSource {
        root = ./.;
        fileset = lib.fileset.difference ./. (
          lib.fileset.unions (
            map lib.fileset.maybeMissing [
              ./node_modules
              ./dist
              ./.cache
              ./fixtures/npm-tree/node_modules
              ./.direnv
              ./result
            ]
          )
        );
      };

      # callPackage-style, so the overlay and `.override` work as for any nixpkgs package.
      mkNixBincheck =
        {
          lib,
          buildNpmPackage,
          importNpmLock,
          nodejs,
        }:
        buildNpmPackage {
          pname = packageJson.name;
          inherit (packageJson) version;
          inherit nodejs;
          src = packageSource;

          # Every dependency is fetched from package-lock.json's integrity hashes: no npmDepsHash.
          npmDeps = importNpmLock {
            npmRoot = ./.;
            packageLock = lockOf ./.;
          };
          npmConfigHook = importNpmLock.npmConfigHook;

          npmBuildScript = "build";
          # `npm pack` lists the files to install; it would otherwise run "prepare" (a 2nd build).
          npmPackFlags = [ "--ignore-scripts" ];
          # Pruning is kept: the only runtime dependency is picocolors, and without `npm prune
          # --omit=dev` the output would carry typescript, vitest, tsx and esbuild's binary.

          meta = {
            inherit (packageJson) description;
            license = lib.licenses.mit;
            mainProgram = "nix-bincheck";
            platforms = lib.platforms.linux;
          };
        };

      nixBincheckFor = pkgs: pkgs.callPackage mkNixBincheck { nodejs = nodejsOf pkgs; };

      # The real prebuilt npm packages test/loader/npm-tree.test.ts scans (fixtures/npm-tree),
      # installed from their lockfile with install scripts off (`npm ci --ignore-scripts`).
      npmTreeFor =
        pkgs:
        pkgs.importNpmLock.buildNodeModules {
          npmRoot = ./fixtures/npm-tree;
          packageLock = lockOf ./fixtures/npm-tree;
          nodejs = nodejsOf pkgs;
          npmRebuildFlags = [ "--ignore-scripts" ];
        };

      # Test files that read a Debian-like host (FHS paths such as /bin/true, /usr/lib,
      # /lib64/ld-linux-x86-64.so.2, /etc/ld.so.cache, /sbin/ldconfig, this machine's libz), build
      # fixtures with Debian's toolchain and expect its FHS interpreters, or need .deb files that
      # .ci/run downloads. None of that exists in the Nix build sandbox; .ci/run covers them on
      # Debian. Add a test file here when it needs such a path.
      hostBoundTests = [
        "test/cli/cli.test.ts"
        "test/scan/walk.test.ts"
        "test/elf/fixtures.test.ts"
        "test/elf/fuzz.test.ts"
        "test/elf/readelf-diff.test.ts"
        "test/loader/analysis.test.ts"
        "test/loader/emulation.test.ts"
        "test/loader/ldcache.test.ts"
        "test/loader/real-loader.test.ts"
        "test/nixpkgs/debian-coverage.test.ts"
      ];

      testsFor =
        pkgs:
        let
          nodejs = nodejsOf pkgs;
          # The npm tree test expects x86-64 prebuilds (sharp-linux-x64 and friends).
          withNpmTree = pkgs.stdenv.hostPlatform.system == "x86_64-linux";
          excluded = hostBoundTests ++ lib.optional (!withNpmTree) "test/loader/npm-tree.test.ts";
          excludeFlags = lib.concatMapStringsSep " " (t: "--exclude ${t}") excluded;
        in
        pkgs.buildNpmPackage {
          pname = "${packageJson.name}-tests";
          inherit (packageJson) version;
          inherit nodejs;
          src = testSource;
          npmDeps = pkgs.importNpmLock {
            npmRoot = ./.;
            packageLock = lockOf ./.;
          };
          npmConfigHook = pkgs.importNpmLock.npmConfigHook;
          npmBuildScript = "build";

          doCheck = true;
          nativeCheckInputs = [ pkgs.git ]; # test/workflow: the pre-commit hook in a real repo
          checkPhase = ''
            runHook preCheck
            ${lib.optionalString withNpmTree ''
              cp -r ${npmTreeFor pkgs}/node_modules fixtures/npm-tree/node_modules
              chmod -R u+w fixtures/npm-tree/node_modules
            ''}
            node_modules/.bin/vitest run ${excludeFlags}
            runHook postCheck
          '';

          dontNpmInstall = true;
          installPhase = ''
            runHook preInstall
            mkdir -p $out
            runHook postInstall
          '';
        };

      # Debian names the cross binutils <arch>-linux-gnu-*, nixpkgs <config>-*; the fixture scripts
      # call the Debian names. Unwrapped binutils: assembler and linker, no cross libc to build.
      crossBinutilsFor =
        pkgs:
        let
          targets = [
            {
              debian = "aarch64-linux-gnu";
              cross = "aarch64-multiplatform";
            }
            {
              debian = "powerpc64-linux-gnu";
              cross = "ppc64";
            }
            {
              debian = "s390x-linux-gnu";
              cross = "s390x";
            }
            {
              debian = "mips-linux-gnu";
              cross = "mips-linux-gnu";
            }
          ];
          link =
            t:
            let
              crossPkgs = pkgs.pkgsCross.${t.cross};
              config = crossPkgs.stdenv.hostPlatform.config;
              native = config == pkgs.stdenv.hostPlatform.config;
              binutils =
                if native then
                  pkgs.binutils-unwrapped
                else
                  crossPkgs.buildPackages.binutils-unwrapped;
              prefix = lib.optionalString (!native) "${config}-";
            in
            ''
              for tool in as ld readelf objdump objcopy strip; do
                ln -s ${binutils}/bin/${prefix}$tool $out/bin/${t.debian}-$tool
              done
            '';
        in
        pkgs.runCommand "debian-named-cross-binutils" { } ''
          mkdir -p $out/bin
          ${lib.concatMapStrings link targets}
        '';
    in
    {
      packages = forAllSystems (pkgs: {
        default = nixBincheckFor pkgs;
        nix-bincheck = nixBincheckFor pkgs;
      });

      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = lib.getExe (nixBincheckFor pkgs);
          meta.description = packageJson.description;
        };
      });

      devShells = forAllSystems (pkgs: {
        # The Nix counterparts of what .ci/run installs with apt-get. The tests in hostBoundTests
        # still want a Debian-like host (FHS paths, /lib64 interpreters): on NixOS they fail.
        default = pkgs.mkShell {
          packages = [
            (nodejsOf pkgs)
            pkgs.gcc
            pkgs.binutils # readelf
            pkgs.python3
            pkgs.musl.dev # musl-gcc
            (crossBinutilsFor pkgs)
            pkgs.nix # nix-instantiate
            pkgs.pax-utils # scanelf
            pkgs.time
            pkgs.hyperfine
            pkgs.patchelf
          ];
          buildInputs = [ pkgs.glibc.static ]; # gcc -static for the ELF fixtures
          # Let gcc link like Debian's: the fixtures pin exact RPATH/RUNPATH and dynamic flags.
          hardeningDisable = [ "all" ];
          env.NIX_DONT_SET_RPATH = "1";
        };
      });

      checks = forAllSystems (pkgs: {
        default = testsFor pkgs;
        package = nixBincheckFor pkgs;
      });

      overlays.default = final: prev: {
        nix-bincheck = final.callPackage mkNixBincheck { nodejs = nodejsOf final; };
      };

      formatter = forAllSystems (pkgs: pkgs.nixfmt-tree);
    };
}

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

      # Only what src/build.sh and the install read: editing tests or docs does not rebuild the
      # package.
      packageSource = lib.fileset.toSource {
        root = ./.;
        fileset = lib.fileset.unions [
          ./package.json
          ./src
          ./README.md
          ./LICENSE
        ];
      };

      # callPackage-style, so the overlay and `.override` work as for any nixpkgs package. The
      # package needs no npm package at run time and esbuild alone compiles the TypeScript, so it
      # is built from nixpkgs' own esbuild and nodejs: no npm fetch, no lockfile URLs, no hash to
      # keep up to date, and pure evaluation.
      mkNixBincheck =
        {
          lib,
          stdenv,
          esbuild,
          nodejs,
          makeWrapper,
        }:
        stdenv.mkDerivation {
          pname = packageJson.name;
          inherit (packageJson) version;
          src = packageSource;

          # nodejs at build time makes the command's V8 code cache (src/io/code-cache.ts) with the very
          # node the wrapper runs, so V8 accepts it.
          nativeBuildInputs = [
            esbuild
            nodejs
            makeWrapper
          ];

          # The same script `npm run build` runs (after tsc has written the type declarations, which
          # the command-line package does not need).
          buildPhase = ''
            runHook preBuild
            sh src/build.sh
            runHook postBuild
          '';

          # Laid out as `npm install -g` lays it out, so the library import works from the store too.
          installPhase = ''
            runHook preInstall
            dir=$out/lib/node_modules/${packageJson.name}
            mkdir -p $dir
            cp -r dist package.json README.md LICENSE $dir/
            makeWrapper ${lib.getExe nodejs} $out/bin/nix-bincheck --add-flags $dir/dist/nix-bincheck.mjs
            runHook postInstall
          '';

          doInstallCheck = true;
          installCheckPhase = ''
            runHook preInstallCheck
            test "$($out/bin/nix-bincheck --version)" = ${lib.escapeShellArg packageJson.version}
            runHook postInstallCheck
          '';

          meta = {
            inherit (packageJson) description;
            license = lib.licenses.mit;
            mainProgram = "nix-bincheck";
            platforms = lib.platforms.linux;
          };
        };

      nixBincheckFor = pkgs: pkgs.callPackage mkNixBincheck { };

      # The built command against binaries compiled here from fixtures/elf/src: an FHS-loader
      # executable, one needing a library nobody ships, one whose library is bundled beside it,
      # and a Nix-built one. test/flake/check-cli.sh holds the expectations; the test suite runs the
      # same script on Debian.
      cliCheckFor =
        pkgs:
        pkgs.runCommandCC "nix-bincheck-cli-check"
          {
            nativeBuildInputs = [
              (nixBincheckFor pkgs)
              pkgs.patchelf
            ];
            src = lib.fileset.toSource {
              root = ./.;
              fileset = lib.fileset.unions [
                ./test/flake/check-cli.sh
                ./fixtures/elf/src
              ];
            };
          }
          ''
            sh $src/test/flake/check-cli.sh nix-bincheck "$TMPDIR/check"
            touch $out
          '';

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
        # The Nix counterparts of what .ci/run installs with apt-get. Several tests want a Debian-like
        # host (FHS paths such as /usr/lib and /lib64 loaders, Debian's .deb files): on NixOS they
        # fail; .ci/run on Debian is where the whole suite runs.
        default = pkgs.mkShell {
          packages = [
            pkgs.nodejs_22
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
            pkgs.git
            pkgs.pre-commit
          ];
          buildInputs = [ pkgs.glibc.static ]; # gcc -static for the ELF fixtures
          # Let gcc link like Debian's: the fixtures pin exact RPATH/RUNPATH and dynamic flags.
          hardeningDisable = [ "all" ];
          env.NIX_DONT_SET_RPATH = "1";
        };
      });

      checks = forAllSystems (pkgs: {
        default = cliCheckFor pkgs;
        package = nixBincheckFor pkgs;
      });

      overlays.default = final: prev: {
        nix-bincheck = final.callPackage mkNixBincheck { };
      };

      formatter = forAllSystems (pkgs: pkgs.nixfmt-tree);
    };
}

#!/bin/sh
# Builds dist/ from src/ with esbuild alone: the command-line bundle (dist/nix-bincheck.mjs) and the
# library (dist/index.js). No npm package is needed at run time, so this is the whole build of the
# Nix package (flake.nix runs exactly this, with nixpkgs' esbuild on PATH). `npm run build` runs it
# too, after tsc has written the library's type declarations.
set -eu
cd "$(dirname "$0")/.."
esbuild=${ESBUILD:-esbuild}
mkdir -p dist
for entry in "src/cli/main.ts dist/nix-bincheck.mjs" "src/index.ts dist/index.js"; do
  set -- $entry
  "$esbuild" "$1" --bundle --platform=node --target=node20 --format=esm --log-level=warning --outfile="$2"
done

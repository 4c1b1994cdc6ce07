#!/bin/sh
# Builds dist/ from src/ with esbuild alone: the command-line bundle (dist/nix-bincheck.mjs) and the
# library (dist/index.js). No npm package is needed at run time, so this is the whole build of the
# Nix package (flake.nix runs exactly this, with nixpkgs' esbuild on PATH). `npm run build` runs it
# too, after tsc has written the library's type declarations.
set -eu
cd "$(dirname "$0")/.."
esbuild=${ESBUILD:-esbuild}
mkdir -p dist
# The command: its entry (dist/nix-bincheck.mjs) holds what `--version` needs and imports the rest
# (the scanner, the renderers and the soname table in src/nixpkgs/sonames.json) from a chunk in
# dist/chunks/ only when it scans, so the table never slows start-up. Old chunks are removed first.
rm -rf dist/chunks
"$esbuild" nix-bincheck=src/cli/main.ts --bundle --splitting --platform=node --target=node20 --format=esm --log-level=warning \
  --outdir=dist --out-extension:.js=.mjs --chunk-names=chunks/[name]-[hash]
# The library, one file.
"$esbuild" src/index.ts --bundle --platform=node --target=node20 --format=esm --log-level=warning --outfile=dist/index.js

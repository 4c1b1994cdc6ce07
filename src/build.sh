#!/bin/sh
# Builds dist/ from src/ with esbuild: the command's entry (dist/nix-bincheck.mjs), the command proper
# (dist/run.cjs), the library (dist/index.js), and, when node is on PATH, the V8 code cache of the
# command. No npm package is needed at run time, so this is the whole build of the Nix package
# (flake.nix runs exactly this, with nixpkgs' esbuild and nodejs on PATH). `npm run build` runs it too,
# after tsc has written the library's type declarations.
set -eu
cd "$(dirname "$0")/.."
esbuild=${ESBUILD:-esbuild}
mkdir -p dist
rm -rf dist/chunks dist/run.cjs dist/run.cjs.v8-cache dist/sonames.json
# A .json file imported without an import attribute is the soname table (src/nixpkgs/sonames.json), which
# src/nixpkgs/table.ts parses on its first lookup; one imported `with { type: "json" }`
# (npm-packages.json) is bundled parsed. The scanner gets the table as a file beside it (the `file`
# loader: dist/sonames.json, and its name in the bundle), read on the first lookup, so a scan that maps
# nothing never loads its 1.4 MB; the library, one file, gets it as text.
bundle() {
  "$esbuild" --bundle --platform=node --target=node20 --log-level=warning "$@"
}
# The entry holds what `--version` needs; to scan, it loads dist/run.cjs (the scanner and the
# renderers), which reads dist/sonames.json when it first maps a library. CommonJS, because a code
# cache can be handed to V8 for a script and, on Node 20, not for a module.
bundle src/cli/main.ts --format=esm --outfile=dist/nix-bincheck.mjs --loader:.json=text
bundle src/cli/run.ts --format=cjs --outfile=dist/run.cjs --loader:.json=file --asset-names=[name]
# The library, one file.
bundle src/index.ts --format=esm --outfile=dist/index.js --loader:.json=text
# The code cache, made by the node that will run the command (without one, the command compiles its code
# on each run, ~20 ms more; a cache made by another node is refused by V8 and costs nothing).
bundle src/cli/code-cache.ts --format=esm --outfile=dist/code-cache.mjs --loader:.json=text
if command -v node >/dev/null 2>&1; then
  node dist/code-cache.mjs >/dev/null || echo "src/build.sh: warning: making the code cache failed; the command works without it, ~20 ms slower a run" >&2
fi

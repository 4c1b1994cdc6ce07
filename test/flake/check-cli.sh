#!/bin/sh
# The flake's check: compiles four small executables from fixtures/elf/src and asserts the verdict
# nix-bincheck gives each. Run by `nix flake check` (checks.default) inside the Nix build, and by the
# test suite on Debian (test/flake/check-cli.test.ts), the same script both times. patchelf sets the
# loader and RUNPATH, so the cases are the same whatever the compiler's defaults.
#   usage: check-cli.sh NIX-BINCHECK-COMMAND WORKDIR
set -eu
bincheck=${1:?usage: check-cli.sh NIX-BINCHECK-COMMAND WORKDIR}
work=${2:?usage: check-cli.sh NIX-BINCHECK-COMMAND WORKDIR}
src=$(cd "$(dirname "$0")/../../fixtures/elf/src" && pwd)
cc=${CC:-cc}
case $(uname -m) in
  x86_64) fhs=/lib64/ld-linux-x86-64.so.2 ;;
  aarch64) fhs=/lib/ld-linux-aarch64.so.1 ;;
  *) echo "check-cli.sh: no FHS loader path known for $(uname -m)" >&2; exit 2 ;;
esac

mkdir -p "$work/link" "$work/fhs" "$work/missing" "$work/bundled/lib" "$work/nix"
$cc -shared -fPIC -Wl,-soname,libfixture.so.1 -o "$work/bundled/lib/libfixture.so.1" "$src/fixture-lib.c"
ln -sf "$work/bundled/lib/libfixture.so.1" "$work/link/libfixture.so"
$cc -o "$work/nix/tool" "$src/hello.c"
$cc -DUSE_FIXTURE_LIB -o "$work/missing/tool" "$src/hello.c" -L"$work/link" -Wl,--no-as-needed -lfixture
cp "$work/missing/tool" "$work/bundled/tool"
cp "$work/nix/tool" "$work/fhs/tool"

# A Nix-built executable keeps its store loader; one built elsewhere gets a store-shaped one.
interp=$(patchelf --print-interpreter "$work/nix/tool")
case $interp in
  /nix/store/*) ;;
  *) interp=/nix/store/00000000000000000000000000000000-glibc/lib/$(basename "$fhs") ;;
esac
patchelf --set-interpreter "$fhs" --remove-rpath "$work/fhs/tool"
patchelf --set-interpreter "$interp" --remove-rpath "$work/missing/tool"
patchelf --set-interpreter "$interp" --set-rpath '$ORIGIN/lib' "$work/bundled/tool"
patchelf --set-interpreter "$interp" "$work/nix/tool"

failed=0
# expect DIR EXIT-STATUS [TEXT...]: the short report on DIR exits with EXIT-STATUS and holds each TEXT.
expect() {
  dir=$1 want=$2
  shift 2
  set +e
  out=$($bincheck --format short --no-host-pass --no-nix-locate "$work/$dir" 2>&1)
  got=$?
  set -e
  if [ "$got" != "$want" ]; then
    echo "check-cli: $dir: exit $got, expected $want" >&2
    printf '%s\n' "$out" >&2
    failed=1
  fi
  for text in "$@"; do
    case $out in
      *"$text"*) ;;
      *) echo "check-cli: $dir: output lacks '$text'" >&2; printf '%s\n' "$out" >&2; failed=1 ;;
    esac
  done
}
expect fhs 1 "fhs/tool: needs-interpreter: "
expect missing 1 "missing/tool: needs-libraries: " "libfixture.so.1"
expect bundled 0
expect nix 0
if [ "$failed" != 0 ]; then exit 1; fi
echo "check-cli: 4 cases as expected"

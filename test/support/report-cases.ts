// Golden inputs for the report formats: a fixed synthetic tree, scanned through the built CLI with
// everything machine-dependent switched off (host pass, nix-locate) and paths relative to the tree.
import { execFileSync } from "node:child_process";
import { CLI, TEST_TODAY } from "./run-cli.js";
import { exe, lib, writeTree } from "./tree.js";

export function reportTree(): string {
  return writeTree({
    "vendor/bin/tool": exe({ needed: ["libfoo.so.1", "libz.so.1", "libX11.so.6", "libc.so.6"], runpath: "$ORIGIN/../lib" }),
    "vendor/lib/libfoo.so.1": lib({
      soname: "libfoo.so.1",
      needed: ["libstdc++.so.6", "libc.so.6"],
      verneed: [{ file: "libstdc++.so.6", versions: [{ name: "GLIBCXX_3.4.21" }] }],
    }),
    "node_modules/addon/build/Release/addon.node": lib({ soname: "addon.node", needed: ["libstdc++.so.6", "libpng16.so.16", "libcuda.so.1", "libc.so.6"] }),
    "node_modules/cli/bin/cli": exe(
      { needed: ["libc.so.6"], verneed: [{ file: "libc.so.6", versions: [{ name: "GLIBC_2.43" }] }] },
      { interp: "/nix/store/00000000000000000000000000000000-glibc-2.40/lib/ld-linux-x86-64.so.2" },
    ),
    "node_modules/cli-musl/bin/cli": exe({ needed: ["libc.musl-x86_64.so.1"] }, { interp: "/lib/ld-musl-x86_64.so.1" }),
    "node_modules/cli-arm64/bin/cli": exe({ needed: ["libc.so.6"] }, { machine: 183, interp: "/lib/ld-linux-aarch64.so.1" }),
    "scripts/deploy": { text: "#!/bin/bash\nexit 0\n", mode: 0o755 },
    "scripts/fine": { text: "#!/usr/bin/env node\n", mode: 0o755 },
    "README.md": { text: "not scanned by default\n" },
  });
}

export const REPORT_CASES: Record<string, string[]> = {
  "table.txt": [],
  "table-verbose.txt": ["-v"],
  "json.json": ["--json"],
  "sarif.json": ["--format", "sarif"],
  "github.txt": ["--format", "github"],
  "short.txt": ["--format", "short"],
};

/** Every report format's output for the tree (the CLI exits 1 here: it has findings). */
export function reportGoldenOutputs(): Map<string, string> {
  const tree = reportTree();
  const out = new Map<string, string>();
  for (const [name, args] of Object.entries(REPORT_CASES)) {
    let text: string;
    try {
      text = execFileSync(process.execPath, [CLI, "--no-host-pass", "--no-nix-locate", "--system", "x86_64-linux", "--nixpkgs", "26.05", ...args, "."], {
        cwd: tree,
        encoding: "utf8",
        env: { PATH: "/usr/bin:/bin", NIX_BINCHECK_OS_RELEASE: "", NIX_BINCHECK_TODAY: TEST_TODAY },
      });
    } catch (e) {
      const err = e as { status: number; stdout: string };
      if (err.status !== 1) throw e;
      text = err.stdout;
    }
    out.set(name, text);
  }
  return out;
}

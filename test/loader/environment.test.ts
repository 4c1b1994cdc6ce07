// --target host: the environment the user's programs run in. nix-ld (NIX_LD, and NIX_LD_LIBRARY_PATH or
// its per-system form) serves FHS executables; LD_LIBRARY_PATH reaches addons in their host process.
// The directories are real directories of synthetic libraries; the CLI runs with a chosen environment.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/run-cli.js";
import { exe, lib, writeTree } from "../support/tree.js";

interface Doc {
  judged: string;
  environment: { nixLd: { from: string } | null; nixLdLibraryPath: { from: string | null; dirs: string[] }; warnings: string[] } | null;
  files: {
    path: string;
    analysis?: { verdict: string; missing: string[]; interpreter: { status: string } | null; edges: { name: string; status: string; via: string | null }[] };
  }[];
  mapping: { packages: { attr: string }[] };
}

function fakeNixLd(): { loader: string; libs: string } {
  const libs = writeTree({ "libz.so.1": lib({ soname: "libz.so.1", needed: ["libc.so.6"] }) });
  const loader = join(tempDir("nbc-nixld-"), "ld.so");
  writeFileSync(loader, "stand-in for nix-ld's loader: only its presence is read\n");
  return { loader, libs };
}

const tree = () =>
  writeTree({
    "bin/app": exe({ needed: ["libz.so.1", "libpng16.so.16", "libc.so.6"] }),
    "node_modules/pkg/addon.node": lib({ needed: ["libz.so.1", "libc.so.6"] }),
  });

function scan(t: string, args: string[], env: Record<string, string>): { code: number | null; doc: Doc; stderr: string } {
  const r = runCli(["--json", "--no-host-pass", "--no-nix-locate", "--host", "none", ...args, "."], { cwd: t, env });
  return { code: r.code, doc: JSON.parse(r.stdout) as Doc, stderr: r.stderr };
}
const file = (d: Doc, p: string) => d.files.find((f) => f.path === `./${p}`)?.analysis;

describe("--target host: nix-ld and the library paths as configured", () => {
  it("a library in NIX_LD_LIBRARY_PATH is provided by the environment, the loader by nix-ld; what is left is the delta", () => {
    const t = tree();
    const { loader, libs } = fakeNixLd();
    const generic = scan(t, ["--target", "generic"], { NIX_LD: loader, NIX_LD_LIBRARY_PATH: libs });
    expect(generic.doc.judged).toBe("generic");
    expect(file(generic.doc, "bin/app")?.verdict).toBe("needs-libraries");
    expect(file(generic.doc, "bin/app")?.missing).toEqual(["libpng16.so.16", "libz.so.1"]);
    expect(file(generic.doc, "bin/app")?.interpreter?.status).toBe("fhs-missing");
    expect(generic.doc.mapping.packages.map((p) => p.attr).sort()).toEqual(["libpng", "zlib"]);

    // The default with NIX_LD* set is host.
    const host = scan(t, [], { NIX_LD: loader, NIX_LD_LIBRARY_PATH: libs });
    expect(host.doc.judged).toBe("host");
    expect(host.doc.environment?.nixLd?.from).toBe("NIX_LD");
    expect(host.doc.environment?.nixLdLibraryPath).toEqual({ from: "NIX_LD_LIBRARY_PATH", dirs: [libs] });
    const app = file(host.doc, "bin/app");
    expect(app?.interpreter?.status).toBe("fhs-nix-ld");
    expect(app?.missing).toEqual(["libpng16.so.16"]);
    expect(app?.edges.find((e) => e.name === "libz.so.1")).toMatchObject({ status: "provided-by-environment", via: "nix-ld-library-path" });
    // nix-ld does not reach an addon: node loads it, so NIX_LD_LIBRARY_PATH does not apply.
    expect(file(host.doc, "node_modules/pkg/addon.node")?.missing).toEqual(["libz.so.1"]);
    // The module to add shrinks to what the user's nix-ld lacks (zlib stays for the addon).
    const emitted = runCli(["--emit", "nix-ld", "--no-host-pass", "--no-nix-locate", "--host", "none", "bin"], {
      cwd: t,
      env: { NIX_LD: loader, NIX_LD_LIBRARY_PATH: libs },
    });
    expect(emitted.stdout).toContain("libpng");
    expect(emitted.stdout).not.toMatch(/\bzlib\b/);
    const genericModule = runCli(["--emit", "nix-ld", "--target", "generic", "--no-host-pass", "--no-nix-locate", "bin"], { cwd: t });
    expect(genericModule.stdout).toMatch(/\bzlib\b/);
  });

  it("the per-system variables win, LD_LIBRARY_PATH reaches addons, and a library placed there turns needs-libraries into ok", () => {
    const t = tree();
    const { loader, libs } = fakeNixLd();
    const empty = tempDir("nbc-empty-");
    const before = scan(t, ["--target", "host"], { NIX_LD: loader, NIX_LD_LIBRARY_PATH_x86_64_linux: empty, NIX_LD_LIBRARY_PATH: libs });
    expect(before.doc.environment?.nixLdLibraryPath.from).toBe("NIX_LD_LIBRARY_PATH_x86_64_linux");
    expect(file(before.doc, "bin/app")?.missing).toEqual(["libpng16.so.16", "libz.so.1"]);
    const addon = scan(t, ["--target", "host"], { LD_LIBRARY_PATH: libs });
    expect(file(addon.doc, "node_modules/pkg/addon.node")?.verdict).toBe("ok");
    expect(file(addon.doc, "node_modules/pkg/addon.node")?.edges.find((e) => e.name === "libz.so.1")).toMatchObject({
      status: "provided-by-environment",
      via: "ld-library-path",
    });
    // Without nix-ld the FHS loader is still missing.
    expect(file(addon.doc, "bin/app")?.interpreter?.status).toBe("fhs-missing");
  });

  it("broken variables are one-line warnings and the scan goes on", () => {
    const t = tree();
    const r = scan(t, ["--target", "host"], { NIX_LD: "/nonexistent/ld.so", NIX_LD_LIBRARY_PATH: "relative/dir::/nonexistent-dir" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nix-bincheck: warning: NIX_LD names "/nonexistent/ld.so", which does not exist here');
    expect(r.stderr).toContain('NIX_LD_LIBRARY_PATH has a relative element "relative/dir"');
    expect(r.stderr).toContain('NIX_LD_LIBRARY_PATH names "/nonexistent-dir", which is not a directory here');
    expect(r.doc.environment?.nixLd).toBeNull();
    expect(file(r.doc, "bin/app")?.interpreter?.status).toBe("fhs-missing");
  });

  it("the table says what was judged", () => {
    const t = tree();
    const { loader, libs } = fakeNixLd();
    const r = runCli(["--no-host-pass", "--no-nix-locate", "."], { cwd: t, env: { NIX_LD: loader, NIX_LD_LIBRARY_PATH: libs } });
    expect(r.stdout).toContain(
      "judged for this machine's environment: nix-ld serves the FHS loader (NIX_LD); nix-ld libraries: 1 directory (NIX_LD_LIBRARY_PATH)",
    );
  });
});

// Bare's addons in the Nix outputs: the Bare runtime that dlopen()s them is a prebuilt FHS executable,
// so it runs under nix-ld, whose library path its loader also searches for dlopen(). What a `.bare`
// addon lacks goes into nix-ld's libraries (the module) and NIX_LD_LIBRARY_PATH (the devShell), while a
// `.node` addon's needs stay with the process that loads it (LD_LIBRARY_PATH), as before.
import { beforeAll, describe, expect, it } from "vitest";
import { NixSandbox, requireNix } from "../support/nix-eval.js";
import { runCli } from "../support/run-cli.js";
import { lib, writeTree } from "../support/tree.js";

describe("a .bare addon and a .node addon, each lacking a library", () => {
  let tree: string;
  let box: NixSandbox;
  const emit = (kind: string) => {
    const r = runCli(["--emit", kind, "--no-host-pass", "--no-nix-locate", "."], { cwd: tree });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(box.parse(box.write(`${kind}.nix`, r.stdout)).ok).toBe(true);
    return r.stdout;
  };
  beforeAll(() => {
    requireNix();
    box = new NixSandbox();
    tree = writeTree({
      "node_modules/bare-x/prebuilds/linux-x64/bare-x.bare": lib({ needed: ["libstdc++.so.6", "libpng16.so.16", "libc.so.6"] }),
      "node_modules/pkg/build/addon.node": lib({ needed: ["libjpeg.so.62", "libc.so.6"] }),
    });
  });

  it("nix-ld: the .bare addon's library is among nix-ld's libraries; the .node addon's is not served", () => {
    const out = emit("nix-ld");
    const libraries = /programs\.nix-ld\.libraries = with pkgs; \[([^\]]*)\];/.exec(out)?.[1] ?? "";
    expect(libraries).toMatch(/^\s+libpng$/m);
    expect(libraries).not.toContain("libjpeg");
    expect(out).toContain("# Bare's addons, which the Bare runtime (a prebuilt executable nix-ld runs) loads with nix-ld's library path:");
    const notServed = out.slice(out.indexOf("# Not served by nix-ld"));
    expect(notServed).toContain("addon.node");
    expect(notServed).not.toContain("bare-x.bare");
    expect(notServed).toMatch(/libjpeg \(libjpeg\.so\.62\)/);
  });

  it("shell: the .bare addon's library is in NIX_LD_LIBRARY_PATH, the .node addon's in LD_LIBRARY_PATH", () => {
    const out = emit("shell");
    const path = (name: string) => new RegExp(`\\n {2}${name} = pkgs\\.lib\\.makeLibraryPath \\[([^\\]]*)\\];`).exec(out)?.[1] ?? "";
    expect(path("NIX_LD_LIBRARY_PATH")).toContain("pkgs.libpng");
    expect(path("NIX_LD_LIBRARY_PATH")).not.toContain("libjpeg");
    expect(path("LD_LIBRARY_PATH")).toContain("pkgs.libjpeg");
    expect(path("LD_LIBRARY_PATH")).not.toContain("libpng");
  });
});

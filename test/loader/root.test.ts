// --root DIR: a fake NixOS system built here (os-release, a store, /run/current-system and nix-ld's
// library directory as absolute symlinks into the store, libraries built as ELF) is judged as the
// system mounted at DIR. A binary goes from needs-libraries to ok when its library is placed in the
// fake nix-ld directory, and the emitted module shrinks to the delta.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildElf } from "../support/elf-builder.js";
import { runCli, tempDir } from "../support/run-cli.js";
import { exe, lib, writeTree } from "../support/tree.js";

/** A NixOS root with nix-ld enabled; `libraries` are sonames placed in its nix-ld directory (each its own store path). */
function fakeNixos(libraries: string[], version = "26.05"): string {
  const root = tempDir("nbc-root-");
  const put = (p: string, data: string | Uint8Array) => {
    mkdirSync(join(root, p, ".."), { recursive: true });
    writeFileSync(join(root, p), data);
  };
  put("etc/os-release", `NAME=NixOS\nID=nixos\nVERSION_ID="${version}"\nPRETTY_NAME="NixOS ${version} (Test)"\n`);
  const env = "nix/store/00000000000000000000000000000000-nix-ld-libraries";
  mkdirSync(join(root, env, "share/nix-ld/lib"), { recursive: true });
  put(`${env}/share/nix-ld/lib/ld.so`, "nix-ld's loader stands here: only its presence is read\n");
  for (const [i, soname] of libraries.entries()) {
    const store = `nix/store/${String(i + 1).repeat(32)}-lib-${soname}`;
    put(`${store}/lib/${soname}`, buildElf(lib({ soname, needed: ["libc.so.6"] })).bytes);
    symlinkSync(`/${store}/lib/${soname}`, join(root, env, "share/nix-ld/lib", soname));
  }
  const system = "nix/store/99999999999999999999999999999999-nixos-system";
  mkdirSync(join(root, system, "sw/share"), { recursive: true });
  symlinkSync(`/${env}/share/nix-ld`, join(root, system, "sw/share/nix-ld"));
  mkdirSync(join(root, "run"), { recursive: true });
  symlinkSync(`/${system}`, join(root, "run/current-system"));
  return root;
}

interface Doc {
  judged: string;
  environment: { root: string; nixos: boolean; nixLd: { from: string } | null; nixLdLibraryPath: { from: string | null; dirs: string[] } };
  target: { release: string; releaseSource: { code: string } };
  files: {
    path: string;
    analysis?: { verdict: string; missing: string[]; interpreter: { status: string } | null; edges: { name: string; status: string; via: string | null }[] };
  }[];
}

const tree = () => writeTree({ "bin/app": exe({ needed: ["libz.so.1", "libc.so.6"] }) });
const env = { NIX_BINCHECK_OS_RELEASE: undefined as unknown as string };

function judge(root: string, t: string): Doc {
  const r = runCli(["--json", "--root", root, "--no-host-pass", "--no-nix-locate", "."], { cwd: t, env });
  return JSON.parse(r.stdout) as Doc;
}

describe("--root DIR: the NixOS system mounted there", () => {
  it("reads its os-release and nix-ld through absolute symlinks inside DIR; a library placed there turns needs-libraries into ok", () => {
    const t = tree();
    const without = judge(fakeNixos([], "26.11"), t);
    expect(without.judged).toBe("host");
    expect(without.environment).toMatchObject({
      nixos: true,
      nixLd: { from: "nixos-system" },
      nixLdLibraryPath: { from: "nixos-system", dirs: ["/run/current-system/sw/share/nix-ld/lib"] },
    });
    // The release is the mounted system's (its os-release), not this machine's or the default.
    expect(without.target).toMatchObject({ release: "26.11", releaseSource: { code: "os-release" } });
    const before = without.files[0]?.analysis;
    expect(before?.interpreter?.status).toBe("fhs-nix-ld");
    expect(before?.verdict).toBe("needs-libraries");
    expect(before?.missing).toEqual(["libz.so.1"]);

    const root = fakeNixos(["libz.so.1"]);
    const after = judge(root, t).files[0]?.analysis;
    expect(after?.verdict).toBe("ok");
    // Found with its store path (inside the mounted system), not the link in nix-ld's directory.
    expect(after?.edges.find((e) => e.name === "libz.so.1")).toMatchObject({
      status: "provided-by-environment",
      via: "nix-ld-library-path",
      path: `${root}/nix/store/11111111111111111111111111111111-lib-libz.so.1/lib/libz.so.1`,
    });
  });

  it("the emitted module lists only what the mounted system's nix-ld lacks", () => {
    const t = writeTree({ "bin/app": exe({ needed: ["libz.so.1", "libpng16.so.16", "libc.so.6"] }) });
    const module = (root: string) => runCli(["--emit", "nix-ld", "--root", root, "--no-host-pass", "--no-nix-locate", "bin"], { cwd: t, env }).stdout;
    const full = module(fakeNixos([]));
    expect(full).toMatch(/\bzlib\b/);
    expect(full).toMatch(/\blibpng\b/);
    const delta = module(fakeNixos(["libz.so.1"]));
    expect(delta).toMatch(/# judged for the system mounted at \S+ \(NixOS\): nix-ld serves the FHS loader \(the NixOS system's nix-ld\)/);
    expect(delta).not.toMatch(/\bzlib\b/);
    expect(delta).toMatch(/\blibpng\b/);
  });

  it("a FIFO named os-release in the mounted system is turned away at once, not waited on", () => {
    const root = fakeNixos(["libz.so.1"]);
    rmSync(join(root, "etc/os-release"));
    execFileSync("mkfifo", [join(root, "etc/os-release")]);
    const r = runCli(["--json", "--root", root, "--no-host-pass", "--no-nix-locate", "."], { cwd: tree(), env });
    // Not NixOS then, so no nix-ld: the FHS loader is missing again; the file gets its one-line warning.
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Doc).environment.nixos).toBe(false);
    expect(r.stderr).toMatch(/^nix-bincheck: warning: \S+\/etc\/os-release: .*not a regular file.*falling back to the next source$/m);
  });

  it("a --root that is not a directory is an operational error", () => {
    const r = runCli(["--root", "/nonexistent-root", "."], { cwd: tree() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nix-bincheck: error: --root "/nonexistent-root" is not a directory');
  });
});

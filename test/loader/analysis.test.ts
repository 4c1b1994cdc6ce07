// Verdicts and edge labels on synthetic trees, through the CLI's JSON (LOADER.md §8, §9).
import { describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";
import { exe, lib, writeTree } from "../support/tree.js";

interface Edge {
  requester: string;
  name: string;
  status: string;
  via: string | null;
  labels: string[];
  path: string | null;
  tried: string[];
}
interface A {
  role: string;
  verdict: string;
  problems: { code: string; [fact: string]: unknown }[];
  missing: string[];
  edges: Edge[];
  host: { name: string } | null;
  versionProblems: { code: string; version: string }[];
  externalVersionNeeds: { file: string; versions: string[] }[];
  loadedBy: string[];
}

function scan(tree: string, ...args: string[]): { code: number | null; files: Map<string, A | undefined> } {
  const r = runCli(["--json", ...args, "."], { cwd: tree });
  // Releases past their end of life (25.05, 25.11) are still judged, with a warning.
  expect(r.stderr.replace(/^nix-bincheck: warning: nixpkgs \d\d\.\d\d reached its end of life .*\n/m, "")).toBe("");
  const doc = JSON.parse(r.stdout) as { files: { path: string; analysis?: A }[] };
  return { code: r.code, files: new Map(doc.files.map((f) => [f.path.replace(/^\.\//, ""), f.analysis])) };
}
const edge = (a: A | undefined, name: string) => a?.edges.find((e) => e.name === name);

describe("verdicts", () => {
  it("an FHS executable needing a library NixOS lacks: needs-libraries, with where this machine has it", () => {
    const t = writeTree({ "bin/app": exe({ needed: ["libz.so.1", "libc.so.6"] }) });
    const { code, files } = scan(t);
    const a = files.get("bin/app");
    expect(a?.verdict).toBe("needs-libraries");
    expect(a?.missing).toEqual(["libz.so.1"]);
    expect(edge(a, "libz.so.1")).toMatchObject({ status: "resolvable-via-system", path: expect.stringMatching(/\/libz\.so\.1$/) });
    expect(edge(a, "libc.so.6")).toMatchObject({ status: "provided-by-glibc", via: "default-dirs" });
    expect(a?.problems).toEqual([
      { code: "libraries-missing", names: ["libz.so.1"] },
      { code: "interpreter-missing", interpreter: "/lib64/ld-linux-x86-64.so.2" },
    ]);
    expect(code).toBe(1);
    expect(edge(scan(t, "--no-host-pass").files.get("bin/app"), "libz.so.1")?.status).toBe("missing");
  });

  it("a Nix-store interpreter and glibc-only needs: ok, exit 0", () => {
    const t = writeTree({
      "bin/app": exe(
        { needed: ["libm.so.6", "libc.so.6", "libgcc_s.so.1"] },
        { interp: "/nix/store/00000000000000000000000000000000-glibc-2.40/lib/ld-linux-x86-64.so.2" },
      ),
    });
    const { code, files } = scan(t);
    expect(files.get("bin/app")?.verdict).toBe("ok");
    expect(edge(files.get("bin/app"), "libgcc_s.so.1")?.labels).toContain("nixpkgs-hack");
    expect(code).toBe(0);
  });

  it("only the interpreter is wrong: needs-interpreter", () => {
    const t = writeTree({ "bin/app": exe({ needed: ["libc.so.6"] }) });
    expect(scan(t).files.get("bin/app")?.verdict).toBe("needs-interpreter");
  });

  // Issue 13 (c): a vendor's own loader outside the FHS. Neither NixOS nor nix-ld provides it (nix-ld
  // sits only at the FHS paths), so it is not "fhs-missing" and is not listed for nix-ld.
  describe("an interpreter outside the FHS (/opt/vendor/lib/ld-linux-x86-64.so.2)", () => {
    const VENDOR = "/opt/vendor/lib/ld-linux-x86-64.so.2";
    const problem = { code: "interpreter-nonstandard", interpreter: VENDOR };
    const doc = (t: string) => JSON.parse(runCli(["--json", "--no-host-pass", "."], { cwd: t }).stdout) as { mapping: { interpreterNeeded: string[] } };

    it("only the interpreter is wrong: needs-interpreter, status nonstandard, said so, not a nix-ld case", () => {
      const t = writeTree({ "bin/app": exe({ needed: ["libc.so.6"] }, { interp: VENDOR }) });
      const a = scan(t, "--no-host-pass").files.get("bin/app") as (A & { interpreter: unknown }) | undefined;
      expect(a?.verdict).toBe("needs-interpreter");
      expect(a?.interpreter).toEqual({ path: VENDOR, status: "nonstandard" });
      expect(a?.problems).toEqual([problem]);
      expect(runCli(["--format", "short", "--no-host-pass", "."], { cwd: t }).stdout).toContain(
        `bin/app: needs-interpreter: interpreter ${VENDOR} is not a standard path; it will not exist on NixOS`,
      );
      expect(doc(t).mapping.interpreterNeeded).toEqual([]);
    });

    it("with a missing library too: needs-libraries first, the interpreter still said", () => {
      const t = writeTree({ "bin/app": exe({ needed: ["libz.so.1", "libc.so.6"] }, { interp: VENDOR }) });
      const { code, files } = scan(t, "--no-host-pass");
      const a = files.get("bin/app");
      expect(a?.verdict).toBe("needs-libraries");
      expect(a?.problems).toEqual([{ code: "libraries-missing", names: ["libz.so.1"] }, problem]);
      expect(code).toBe(1);
    });

    // A nonstandard interpreter is never covered by the declared environment (nix-ld serves only the
    // FHS loader paths): the run fails, with or without nixLd in the config.
    it("only the interpreter is wrong: the run fails (exit 1), even with nix-ld declared", () => {
      const t = writeTree({
        "bin/app": exe({ needed: ["libc.so.6"] }, { interp: VENDOR }),
        "nix-bincheck.config.json": { text: JSON.stringify({ nixLd: true }) },
      });
      const r = runCli(["--json", "--no-host-pass", "."], { cwd: t });
      expect(r.code).toBe(1);
      expect((JSON.parse(r.stdout) as { files: { accepted?: unknown }[] }).files[0]?.accepted).toBeUndefined();
    });
  });

  it("GLIBC_2.x above the target's glibc: needs-newer-glibc, per nixpkgs release", () => {
    const t = writeTree({
      "bin/app": exe(
        { needed: ["libc.so.6"], verneed: [{ file: "libc.so.6", versions: [{ name: "GLIBC_2.2.5" }, { name: "GLIBC_2.41" }] }] },
        { interp: "/nix/store/x-glibc/lib/ld-linux-x86-64.so.2" },
      ),
    });
    const old = scan(t, "--nixpkgs", "25.11").files.get("bin/app");
    expect(old?.verdict).toBe("needs-newer-glibc");
    expect(old?.versionProblems).toEqual([expect.objectContaining({ code: "glibc-too-old", version: "GLIBC_2.41" })]);
    expect(scan(t, "--nixpkgs", "26.05").files.get("bin/app")?.verdict).toBe("ok");
  });

  it("a bundled library that lacks a needed version: broken-on-any-system", () => {
    const t = writeTree({
      "bin/app": exe({ needed: ["libfoo.so.1", "libc.so.6"], runpath: "$ORIGIN/../lib", verneed: [{ file: "libfoo.so.1", versions: [{ name: "FOO_2" }] }] }),
      "lib/libfoo.so.1": lib({ soname: "libfoo.so.1", verdef: [{ name: "libfoo.so.1", flags: 1 }, { name: "FOO_1" }] }),
    });
    const a = scan(t).files.get("bin/app");
    expect(a?.verdict).toBe("broken-on-any-system");
    expect(a?.versionProblems).toEqual([expect.objectContaining({ code: "version-missing", version: "FOO_2" })]);
  });

  it("a bundled copy of glibc is flagged", () => {
    const t = writeTree({ "bin/app": exe({ needed: ["libc.so.6"], rpath: "$ORIGIN/../lib" }), "lib/libc.so.6": lib({ soname: "libc.so.6" }) });
    const a = scan(t).files.get("bin/app");
    expect(edge(a, "libc.so.6")).toMatchObject({ status: "bundled", via: "rpath", labels: ["bundled-glibc"] });
    expect(a?.problems).toContainEqual({ code: "bundles-glibc", names: ["libc.so.6"] });
  });

  it("musl and foreign binaries", () => {
    const t = writeTree({
      "musl/app": exe({ needed: ["libc.musl-x86_64.so.1"] }, { interp: "/lib/ld-musl-x86_64.so.1" }),
      "arm/app": exe({ needed: ["libc.so.6"] }, { machine: 183, interp: "/lib/ld-linux-aarch64.so.1" }),
    });
    const { files } = scan(t);
    expect(files.get("musl/app")?.verdict).toBe("foreign-libc");
    expect(files.get("musl/app")?.problems).toEqual([{ code: "musl-linked" }]);
    expect(files.get("arm/app")?.verdict).toBe("foreign");
    expect(scan(t, "--system", "aarch64-linux").files.get("arm/app")?.verdict).toBe("needs-interpreter");
  });

  it("files for another OS are foreign, however they say so; musl builds are reported but do not fail the run", () => {
    const t = writeTree({
      "android.so": lib({ needed: ["libc.so", "libdl.so"] }, { notes: [{ name: "Android", type: 1, desc: new Uint8Array(132) }] }),
      // No note: bionic's unversioned sonames say it (libc.so alone would be musl's).
      "android-x64/a.bare": lib({ needed: ["libc.so", "libdl.so", "liblog.so"] }),
      "android-x64/b.bare": lib({ needed: ["libdl.so", "libm.so"] }),
      "freebsd-abi.node": lib({ needed: ["libc.so.7"] }, { ident: { osAbi: 9 } }),
      "freebsd-soname.node": lib({ needed: ["libthr.so.3", "libc.so.7"] }),
      "illumos/esbuild": exe({ needed: ["libsocket.so", "libc.so"] }, { interp: "/lib/amd64/ld.so.1" }),
      "linux-tagged/app": exe(
        { needed: ["libc.so.6"] },
        { interp: "/nix/store/x/ld-linux-x86-64.so.2", notes: [{ name: "GNU", type: 1, desc: new Uint8Array(16) }] },
      ),
      "musl/app": exe({ needed: ["libc.musl-x86_64.so.1"] }, { interp: "/lib/ld-musl-x86_64.so.1" }),
    });
    const { code, files } = scan(t, "--no-host-pass");
    for (const p of ["android.so", "android-x64/a.bare", "android-x64/b.bare", "freebsd-abi.node", "freebsd-soname.node", "illumos/esbuild"])
      expect(files.get(p)?.verdict, p).toBe("foreign");
    for (const p of ["android.so", "android-x64/a.bare", "android-x64/b.bare"])
      expect(files.get(p)?.problems, p).toEqual([
        { code: "foreign-build", os: "android", machine: "x86_64", elfClass: 64, endian: "little", osAbi: expect.any(String), target: "x86_64-linux" },
      ]);
    expect(files.get("linux-tagged/app")?.verdict).toBe("ok");
    expect(files.get("musl/app")?.verdict).toBe("foreign-libc");
    expect(code).toBe(0);
  });

  it("dlopen notes: a missing required library is a finding, a suggested one is not", () => {
    const note = (json: string) => ({ name: "FDO", type: 0x407c0c0a, desc: new TextEncoder().encode(`${json}\0`) });
    const t = writeTree({
      "req/app": exe(
        { needed: ["libc.so.6"] },
        { interp: "/nix/store/x/ld-linux-x86-64.so.2", notes: [note('[{"feature":"x","priority":"required","soname":["libwanted.so.2"]}]')] },
      ),
      "sug/app": exe(
        { needed: ["libc.so.6"] },
        { interp: "/nix/store/x/ld-linux-x86-64.so.2", notes: [note('[{"feature":"x","priority":"suggested","soname":["libwanted.so.2"]}]')] },
      ),
    });
    const { files } = scan(t, "--no-host-pass");
    expect(files.get("req/app")?.verdict).toBe("needs-libraries");
    expect(edge(files.get("req/app"), "libwanted.so.2")).toMatchObject({ status: "missing", labels: ["dlopen-required"] });
    expect(files.get("sug/app")?.verdict).toBe("ok");
    expect(files.get("sug/app")?.missing).toEqual([]);
    expect(edge(files.get("sug/app"), "libwanted.so.2")?.labels).toEqual(["dlopen-suggested"]);
  });

  it("a relative or empty RPATH element is the current directory: in an ordinary one the library is missing, and it is mapped", () => {
    const t = writeTree({
      "bin/app": exe({ needed: ["libfoo.so", "libz.so.1", "libc.so.6"], rpath: "lib" }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" }),
      "bin/vk": exe({ needed: ["libz.so.1", "libc.so.6"], rpath: "$ORIGIN/../sdk:" }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" }),
      "lib/libfoo.so": lib({}),
    });
    const { code, files } = scan(t, "--no-host-pass");
    const a = files.get("bin/app");
    expect(a?.verdict).toBe("needs-libraries");
    expect(edge(a, "libfoo.so")).toMatchObject({ status: "missing", labels: ["cwd-relative"] });
    expect(a?.missing).toEqual(["libfoo.so", "libz.so.1"]);
    expect(a?.problems).toContainEqual({ code: "cwd-relative", names: ["libfoo.so", "libz.so.1"] });
    // A trailing ':' (an empty element, as a real Vulkan build of node-llama-cpp ships) is the same.
    const vk = files.get("bin/vk");
    expect(vk?.verdict).toBe("needs-libraries");
    expect(edge(vk, "libz.so.1")).toMatchObject({ status: "missing", labels: ["cwd-relative"] });
    expect(code).toBe(1);
    // The missing names are mapped (before, a cwd-dependent name dropped out of the mapping).
    const doc = JSON.parse(runCli(["--json", "--no-host-pass", "."], { cwd: t }).stdout) as { mapping: { packages: { attr: string }[] } };
    expect(doc.mapping.packages.map((p) => p.attr)).toContain("zlib");
  });

  it("a library found only in glibc-hwcaps/<level> depends on the CPU: every level is tried, and the baseline answer is said", () => {
    const t = writeTree({
      "bin/v4": exe({ needed: ["libfoo.so", "libc.so.6"], runpath: "$ORIGIN/../lib4" }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" }),
      "lib4/glibc-hwcaps/x86-64-v4/libfoo.so": lib({}),
      "bin/v3": exe({ needed: ["libfoo.so", "libc.so.6"], runpath: "$ORIGIN/../lib3" }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" }),
      "lib3/glibc-hwcaps/x86-64-v3/libfoo.so": lib({}),
      "bin/both": exe({ needed: ["libfoo.so", "libc.so.6"], runpath: "$ORIGIN/../libb" }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" }),
      "libb/glibc-hwcaps/x86-64-v3/libfoo.so": lib({}),
      "libb/libfoo.so": lib({}),
    });
    const { files } = scan(t, "--no-host-pass");
    // v4 and v3 alike: found on a CPU of that level, missing below it. Consistent between the levels.
    for (const [exeName, level] of [
      ["bin/v4", "x86-64-v4"],
      ["bin/v3", "x86-64-v3"],
    ] as const) {
      const a = files.get(exeName);
      expect(a?.verdict, exeName).toBe("cpu-dependent");
      expect(edge(a, "libfoo.so")?.labels, exeName).toEqual([`hwcaps-only(${level})`, "cpu-dependent"]);
      expect(a?.problems, exeName).toContainEqual({ code: "cpu-dependent", names: ["libfoo.so"], level });
    }
    // A baseline copy beside it: found on any CPU.
    expect(files.get("bin/both")?.verdict).toBe("ok");
  });

  it("order-dependent: a name satisfied only because another object loaded it first", () => {
    const t = writeTree({
      "bin/app": exe({ needed: ["liba.so", "libb.so", "libc.so.6"], runpath: "$ORIGIN/../a:$ORIGIN/../b" }),
      "a/liba.so": lib({ soname: "liba.so" }),
      "b/libb.so": lib({ soname: "libb.so", needed: ["liba.so"], runpath: "$ORIGIN" }),
    });
    const a = scan(t).files.get("bin/app");
    const e = a?.edges.find((x) => x.name === "liba.so" && x.requester.endsWith("libb.so"));
    expect(e).toMatchObject({ status: "bundled", via: "already-loaded", labels: ["order-dependent"] });
  });

  it("cycles terminate: self, mutual, and an RPATH through a symlink loop", () => {
    const t = writeTree({
      "bin/app": exe({ needed: ["libself.so", "libm1.so", "libc.so.6"], rpath: "$ORIGIN/../lib/loop/loop/loop" }),
      "lib/libself.so": lib({ soname: "libself.so", needed: ["libself.so"], rpath: "$ORIGIN" }),
      "lib/libm1.so": lib({ soname: "libm1.so", needed: ["libm2.so"], rpath: "$ORIGIN" }),
      "lib/libm2.so": lib({ soname: "libm2.so", needed: ["libm1.so"], rpath: "$ORIGIN/loop" }),
      "lib/loop": { symlink: "." },
    });
    const a = scan(t).files.get("bin/app");
    expect(a?.missing).toEqual([]);
    expect(a?.verdict).toBe("needs-interpreter");
    expect(edge(a, "libm2.so")?.status).toBe("bundled");
  });
});

describe("addons", () => {
  const tree = () =>
    writeTree({
      "node_modules/pkg/build/addon.node": lib({ soname: "addon.node", needed: ["libstdc++.so.6", "libfoo.so.1", "libc.so.6"], runpath: "$ORIGIN" }),
      "node_modules/pkg/build/libfoo.so.1": lib({ soname: "libfoo.so.1", needed: ["libbar.so.1", "libc.so.6"] }),
    });

  it("judged as loaded by nixpkgs' node by default, saying so; libraries it loads are not findings of their own", () => {
    const { code, files } = scan(tree(), "--no-host-pass");
    const a = files.get("node_modules/pkg/build/addon.node");
    expect(a?.role).toBe("addon");
    expect(a?.host?.name).toBe("node");
    expect(edge(a, "libstdc++.so.6")?.status).toBe("provided-by-host");
    expect(edge(a, "libfoo.so.1")).toMatchObject({ status: "bundled", via: "runpath" });
    expect(a?.missing).toEqual(["libbar.so.1"]);
    const l = files.get("node_modules/pkg/build/libfoo.so.1");
    expect(l?.loadedBy).toEqual(["./node_modules/pkg/build/addon.node"]);
    expect(code).toBe(1);
  });

  it("--host none judges them alone; --host PATH uses that executable's load set", () => {
    const t = tree();
    expect(scan(t, "--no-host-pass", "--host", "none").files.get("node_modules/pkg/build/addon.node")?.missing).toEqual(["libbar.so.1", "libstdc++.so.6"]);
    const host = writeTree({ host: exe({ needed: ["libstdc++.so.6", "libc.so.6"] }) });
    const a = scan(t, "--no-host-pass", "--host", `${host}/host`).files.get("node_modules/pkg/build/addon.node");
    expect(a?.host?.name).toBe(`${host}/host`);
    expect(edge(a, "libstdc++.so.6")?.status).toBe("provided-by-host");
    expect(a?.missing).toEqual(["libbar.so.1"]);
  });

  // As bare-crypto 1.x and sodium-native 5.x ship them: prebuilds/linux-x64/NAME.bare needing libstdc++,
  // libm, libgcc_s and libc, which the Bare runtime's own bin/bare already loads. Node never loads them.
  it("a Bare addon (.bare) is judged as loaded by the Bare runtime, whatever --host says about node's addons", () => {
    const t = writeTree({
      "node_modules/bare-x/prebuilds/linux-x64/bare-x.bare": lib({ needed: ["libstdc++.so.6", "libm.so.6", "libgcc_s.so.1", "libc.so.6"] }),
      "node_modules/bare-y/prebuilds/linux-x64/bare-y.bare": lib({ needed: ["libstdc++.so.6", "libz.so.1", "libc.so.6"] }),
      "node_modules/pkg/build/addon.node": lib({ needed: ["libstdc++.so.6", "libc.so.6"] }),
    });
    for (const args of [[], ["--host", "none"]]) {
      const { files } = scan(t, "--no-host-pass", ...args);
      const a = files.get("node_modules/bare-x/prebuilds/linux-x64/bare-x.bare");
      expect(a).toMatchObject({ role: "addon", verdict: "ok", missing: [], host: { name: "bare" } });
      expect(edge(a, "libstdc++.so.6")?.status).toBe("provided-by-host");
      expect(edge(a, "libgcc_s.so.1")?.status).toBe("provided-by-host");
      // What the runtime does not load is still missing.
      expect(files.get("node_modules/bare-y/prebuilds/linux-x64/bare-y.bare")?.missing).toEqual(["libz.so.1"]);
      expect(files.get("node_modules/pkg/build/addon.node")?.missing).toEqual(args.length > 0 ? ["libstdc++.so.6"] : []);
    }
    // Each host's assumption is said once, in the table and in the detailed table.
    const table = runCli(["--no-host-pass", "--host", "none", "."], { cwd: t }).stdout;
    expect(table).toContain(
      "note: Bare's addons (.bare) are judged as loaded by the Bare runtime, which already has libstdc++.so.6 and libgcc_s.so.1 loaded (node never loads them)",
    );
    expect(table).toContain("note: shared objects are judged as dlopen()ed by a process that has loaded nothing but glibc");
    const detail = runCli(["-v", "--no-host-pass", "."], { cwd: t }).stdout;
    expect(detail.match(/ {2}assumption: Bare's addons/g)).toHaveLength(1);
    expect(detail.match(/ {2}assumption: addons are judged as loaded by nixpkgs' nodejs/g)).toHaveLength(1);
  });

  it("an unreadable --host is a usage error (exit 2)", () => {
    const r = runCli(["--host", "/nonexistent/node", "."], { cwd: tree() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--host executable "/nonexistent/node"');
  });
});

describe("CPU-dependent answers are said", () => {
  it("a library found through $PLATFORM (in RUNPATH or in the name) is cpu-dependent, naming the platform assumed", () => {
    const t = writeTree({
      "bin/app": exe({ needed: ["libfoo.so", "libc.so.6"], runpath: "$ORIGIN/../lib/$PLATFORM" }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" }),
      "lib/x86_64/libfoo.so": lib({}),
    });
    const a = scan(t, "--no-host-pass").files.get("bin/app");
    expect(a?.verdict).toBe("cpu-dependent");
    expect(edge(a, "libfoo.so")).toMatchObject({ status: "bundled", labels: ["platform-dependent"] });
    expect(a?.problems).toEqual([{ code: "platform-dependent", names: ["libfoo.so"], assumed: "x86_64" }]);
  });
});

describe("counts agree", () => {
  it("a bundled library that needs something missing counts in the summary, the table, JSON findings and SARIF alike", () => {
    const t = writeTree({
      "bin/app": exe({ needed: ["libbundled.so", "libc.so.6"], runpath: "$ORIGIN/../lib" }, { interp: "/nix/store/x/ld-linux-x86-64.so.2" }),
      "lib/libbundled.so": lib({ soname: "libbundled.so", needed: ["libxml2.so.2", "libc.so.6"] }),
    });
    const json = JSON.parse(runCli(["--json", "--no-host-pass", "."], { cwd: t }).stdout) as {
      findings: { path: string }[];
      files: { path: string; analysis?: A }[];
    };
    const verdicts = Object.fromEntries(json.files.map((f) => [f.path, f.analysis?.verdict]));
    expect(verdicts).toEqual({ "./bin/app": "needs-libraries", "./lib/libbundled.so": "needs-libraries" });
    expect(json.findings.map((f) => f.path).sort()).toEqual(["./bin/app", "./lib/libbundled.so"]);
    const sarif = JSON.parse(runCli(["--format", "sarif", "--no-host-pass", "."], { cwd: t }).stdout) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toHaveLength(2);
    expect(runCli(["--no-host-pass", "."], { cwd: t }).stdout).toContain("2 files will not run on NixOS as they are");
    expect(runCli(["--format", "short", "--no-host-pass", "."], { cwd: t }).stdout.match(/^\S.*: needs-libraries: /gm)).toHaveLength(2);
  });

  it("a library an addon loads is judged where it is loaded: what node provides is not missing for it", () => {
    const t = writeTree({
      "node_modules/pkg/build/addon.node": lib({ needed: ["libhelper.so", "libc.so.6"], runpath: "$ORIGIN" }),
      "node_modules/pkg/build/libhelper.so": lib({ soname: "libhelper.so", needed: ["libstdc++.so.6", "libc.so.6"] }),
    });
    const { code, files } = scan(t, "--no-host-pass");
    const helper = files.get("node_modules/pkg/build/libhelper.so");
    expect(helper?.verdict).toBe("ok");
    expect(helper?.problems).toEqual([{ code: "provided-where-loaded", names: ["libstdc++.so.6"], loadedBy: ["./node_modules/pkg/build/addon.node"] }]);
    expect(files.get("node_modules/pkg/build/addon.node")?.verdict).toBe("ok");
    expect(code).toBe(0);
  });
});

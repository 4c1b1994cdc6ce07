// The library API as a user imports it: the built package's own exports.
import { describe, expect, it } from "vitest";
import { runCli, TEST_TODAY } from "./support/run-cli.js";
import { exe, writeTree } from "./support/tree.js";

describe("import { scan } from 'nix-bincheck'", () => {
  it("scans, judges and maps like the CLI", async () => {
    const api = await import("nix-bincheck");
    const t = writeTree({ "bin/app": exe({ needed: ["libz.so.1", "libc.so.6"] }) });
    const report = await api.scan(t, { buildHostPass: false, system: "x86_64-linux" });
    expect(report.schemaVersion).toBe(api.SCHEMA_VERSION);
    expect(report.files[0]?.analysis?.verdict).toBe("needs-libraries");
    expect(report.mapping?.packages.map((p) => p.attr)).toEqual(["zlib"]);
    expect(api.exitCodeFor(report)).toBe(1);
    const facts = await api.scan(t, { resolve: false });
    expect(facts.files[0]?.analysis).toBeUndefined();
    expect(api.lookupSoname("libz.so.1")?.attr).toBe("zlib");
    // A damaged file's reader errors are codes with facts; the words are exported too.
    const bytes = new Uint8Array(64);
    bytes.set([0x7f, 0x45, 0x4c, 0x46, 9, 1, 1]);
    const cut = api.parseElf(api.memorySource(bytes));
    expect(cut.errors).toEqual([{ code: "elf-bad-ident", detail: { reason: "bad-ident-field", field: "EI_CLASS", value: 9 } }]);
    expect(api.elfErrorText(cut.errors[0]!.detail)).toBe("EI_CLASS is 9; expected 1 (32-bit) or 2 (64-bit)");
  });
});

describe("one pipeline for the CLI and the library", () => {
  it("with the same inputs and no options, scan() gives the report --json gives (the project's config and baseline included)", async () => {
    const api = await import("nix-bincheck");
    const t = writeTree({
      "bin/app": exe({ needed: ["libz.so.1", "libc.so.6"] }),
      "bin/other": exe({ needed: ["libpng16.so.16", "libc.so.6"] }),
      "nix-bincheck.config.json": { text: JSON.stringify({ provides: ["zlib"], nixLd: true }) },
    });
    const env = { PATH: "/nonexistent" }; // no nix-locate for either
    const cli = runCli(["--json", "--no-host-pass", t], { env });
    const { findings, ...doc } = JSON.parse(cli.stdout);
    // The same inputs as the CLI run had: its environment, no os-release, the suite's fixed date.
    const report = await api.scan(t, { buildHostPass: false, env, osRelease: null, today: TEST_TODAY });
    expect(JSON.parse(JSON.stringify(report))).toEqual(doc);
    expect(api.listFindings(report)).toEqual(findings);
    // The config's provides covered bin/app; bin/other still fails.
    expect(report.files.find((f) => f.path.endsWith("bin/app"))?.accepted).toEqual({ code: "declared-environment", attrs: ["zlib"], nixLd: true });
    expect(api.exitCodeFor(report)).toBe(cli.code);
  });

  it("no silent x86_64: an architecture with no NixOS profile and no system is an error, as in the CLI", async () => {
    const api = await import("nix-bincheck");
    const t = writeTree({ "bin/app": exe({ needed: ["libc.so.6"] }) });
    expect(() => api.runPipeline({ roots: [t], cwd: t, arch: "s390x" })).toThrow(api.TargetError);
    expect(() => api.runPipeline({ roots: [t], cwd: t, arch: "s390x" })).toThrow(/pass --system x86_64-linux, aarch64-linux or i686-linux/);
  });

  it("each stage returns a new value: the collected report is not changed by the analysis or the policy", async () => {
    const { collect } = await import("../src/scan/scan.js");
    const { analyseReport } = await import("../src/scan/analyse.js");
    const { applyAcceptance } = await import("../src/config/policy.js");
    const { mapReport } = await import("../src/nixpkgs/select.js");
    const t = writeTree({ "bin/app": exe({ needed: ["libz.so.1", "libc.so.6"] }) });
    const collected = collect([t], { allFiles: false });
    const before = JSON.stringify(collected.report);
    const analysed = analyseReport(collected, { system: "x86_64-linux", nixpkgs: "26.05", buildHostPass: false, cwd: t });
    expect(JSON.stringify(collected.report)).toBe(before);
    expect(analysed.files[0]?.analysis?.verdict).toBe("needs-libraries");
    const snapshot = JSON.stringify(analysed);
    const config = { system: null, nixpkgs: null, host: null, provides: ["zlib"], nixLd: true, prefer: {}, ignore: [], accept: [], baseline: null };
    const judged = applyAcceptance(analysed, config, mapReport(analysed, { release: "26.05", system: "x86_64-linux" }), null);
    expect(JSON.stringify(analysed)).toBe(snapshot);
    expect(judged.accepted).toBe(1);
    expect(judged.report.files[0]?.accepted?.code).toBe("declared-environment");
  });
});

// The library API as a user imports it: the built package's own exports.
import { describe, expect, it } from "vitest";
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
  });
});

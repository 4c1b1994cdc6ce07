// Which release is judged: the order of the sources, unknown names, end of life, unconfirmed facts.
import { describe, expect, it } from "vitest";
import { chooseTarget, type TargetInputs } from "../../src/config/target.js";
import type { SourceReading } from "../../src/config/target-source.js";
import { DEFAULT_RELEASE, nearestRelease } from "../../src/loader/profiles.js";
import { targetSourceText, targetWarningText } from "../../src/render/words/index.js";

const nothing = (): SourceReading => ({ release: null, source: null, warnings: [] });
const from =
  (release: string, file: string, code: "flake-lock" | "os-release"): (() => SourceReading) =>
  () => ({
    release,
    source: code === "flake-lock" ? { code, file, input: "nixpkgs", form: "github", ref: `nixos-${release}` } : { code, file, versionId: release },
    warnings: [],
  });
const inputs = (o: Partial<TargetInputs>): TargetInputs => ({
  option: null,
  config: null,
  flakeLock: nothing,
  osRelease: nothing,
  system: "x86_64-linux",
  today: "2026-12-06",
  ...o,
});

describe("the order of the sources", () => {
  const lock = from("25.11", "/p/flake.lock", "flake-lock");
  const host = from("26.05", "/etc/os-release", "os-release");
  it("--nixpkgs > config > flake.lock > os-release > default, and a later source is not even read", () => {
    const unread = () => {
      throw new Error("read although an earlier source named a release");
    };
    expect(chooseTarget(inputs({ option: "26.05", config: { release: "25.05", file: "c.json" }, flakeLock: unread, osRelease: unread })).releaseSource).toEqual(
      {
        code: "option",
      },
    );
    expect(chooseTarget(inputs({ config: { release: "25.05", file: "c.json" }, flakeLock: unread })).releaseSource).toEqual({ code: "config", file: "c.json" });
    const t = chooseTarget(inputs({ flakeLock: lock, osRelease: unread }));
    expect([t.release, t.releaseSource.code]).toEqual(["25.11", "flake-lock"]);
    expect(targetSourceText(t.releaseSource)).toBe("flake.lock (/p/flake.lock, input nixpkgs, ref nixos-25.11)");
    expect(chooseTarget(inputs({ osRelease: host })).releaseSource.code).toBe("os-release");
    const d = chooseTarget(inputs({}));
    expect([d.release, d.releaseSource]).toEqual([DEFAULT_RELEASE, { code: "default" }]);
  });
  it("a source that names no release passes its warnings on and the next source is used", () => {
    const pinned = (): SourceReading => ({
      release: null,
      source: null,
      warnings: [{ code: "flake-lock-pinned", file: "/p/flake.lock", input: "nixpkgs", rev: "abc" }],
    });
    const t = chooseTarget(inputs({ flakeLock: pinned, osRelease: host }));
    expect(t.release).toBe("26.05");
    expect(t.warnings.map((w) => w.code)).toEqual(["flake-lock-pinned"]);
    expect(targetWarningText(t.warnings[0]!)).toBe(
      "/p/flake.lock: input nixpkgs is pinned to a commit (abc), release unknown; falling back to the next source",
    );
  });
});

describe("releases the data does not know, end of life, unconfirmed facts", () => {
  it("a newer name is judged as the nearest known release, with a warning naming it", () => {
    const t = chooseTarget(inputs({ option: "27.05" }));
    expect(t.release).toBe("26.11");
    expect(t.warnings[0]).toEqual({ code: "release-unknown", name: "27.05", nearest: "26.11", from: "option" });
    expect(nearestRelease("24.11")).toEqual({ release: "25.05", known: false });
    expect(nearestRelease("26.05")).toEqual({ release: "26.05", known: true });
    expect(nearestRelease("26.07")).toBeNull();
  });
  it("25.11 is past its end of life on 2026-12-06; 26.05 is not", () => {
    expect(chooseTarget(inputs({ option: "25.11" })).warnings).toEqual([{ code: "release-end-of-life", release: "25.11", endOfLife: "2026-06-30" }]);
    expect(chooseTarget(inputs({ option: "26.05" })).warnings).toEqual([]);
    expect(chooseTarget(inputs({ option: "26.05", today: "2027-01-01" })).warnings.map((w) => w.code)).toEqual(["release-end-of-life"]);
  });
  it("26.11's unconfirmed facts are warned about and reported with their sources", () => {
    const t = chooseTarget(inputs({ option: "26.11" }));
    expect(t.warnings.map((w) => (w.code === "fact-unconfirmed" ? w.fact : w.code))).toEqual(["exists", "glibc", "attributes"]);
    expect(t.glibc).toEqual(expect.objectContaining({ value: "2.42", confirmed: false }));
    expect(t.released).toEqual(expect.objectContaining({ value: "2026-11", confirmed: false }));
    expect(t.endOfLife).toEqual(expect.objectContaining({ value: "2027-06-30", confirmed: false }));
    expect(t.defaultGcc).toEqual(expect.objectContaining({ value: "gcc16", confirmed: true, source: expect.stringContaining("rl-2611") }));
  });
});

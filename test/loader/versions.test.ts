// The GLIBC_x.y comparison behind "needs-newer-glibc" (LOADER.md §8 "Version needs").
import { describe, expect, it } from "vitest";
import { glibcNewer } from "../../src/loader/versions.js";

/** The plain reading of the rule: a numbered GLIBC_ version, compared part by part (missing parts are 0). */
function reference(name: string, have: readonly number[]): boolean {
  const m = /^GLIBC_(\d+(?:\.\d+)*)$/.exec(name);
  if (!m) return false;
  const parts = m[1]!.split(".").map(Number);
  for (let i = 0; i < Math.max(parts.length, have.length); i++) {
    const d = (parts[i] ?? 0) - (have[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

describe("glibcNewer", () => {
  it("compares numerically, part by part", () => {
    const have = "2.40";
    expect(glibcNewer("GLIBC_2.41", have)).toBe(true);
    expect(glibcNewer("GLIBC_2.40", have)).toBe(false);
    expect(glibcNewer("GLIBC_2.40.1", have)).toBe(true);
    expect(glibcNewer("GLIBC_2.40.0", have)).toBe(false);
    expect(glibcNewer("GLIBC_2.4", have)).toBe(false);
    expect(glibcNewer("GLIBC_2.100", have)).toBe(true);
    expect(glibcNewer("GLIBC_3", have)).toBe(true);
    expect(glibcNewer("GLIBC_2", have)).toBe(false);
  });

  it("never calls a name that is not a numbered glibc version newer", () => {
    for (const name of ["GLIBC_PRIVATE", "GLIBC_", "GLIBC_2.", "GLIBC_3.x", "GLIBC_3..1", "GLIBCXX_3.4.33", "GLIBC_ABI_DT_RELR", "glibc_2.99", "GLIBC_9.9 "]) {
      expect(glibcNewer(name, "2.40"), name).toBe(false);
    }
  });

  it("agrees with the plain reading on random names (seeded)", () => {
    let seed = 0x5eed;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const alphabet = ["0", "1", "2", "9", "4", "3", ".", ".", "x", "_"];
    for (let i = 0; i < 5000; i++) {
      let tail = "";
      for (let j = rand(7); j >= 0; j--) tail += alphabet[rand(alphabet.length)];
      const name = `${rand(8) === 0 ? "GLIBCXX_" : "GLIBC_"}${tail}`;
      const have = [rand(4), rand(45), ...(rand(3) === 0 ? [rand(3)] : [])];
      expect(glibcNewer(name, have.join(".")), `${name} vs ${have.join(".")}`).toBe(reference(name, have));
    }
  });
});

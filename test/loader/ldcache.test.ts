// Our ld.so.cache reader against glibc's own `ldconfig -p` on this machine.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLdCache } from "../../src/loader/ldcache.js";

describe("ld.so.cache", () => {
  it("lists the same soname -> path pairs as ldconfig -p", () => {
    expect(existsSync("/etc/ld.so.cache")).toBe(true);
    const ours = parseLdCache(readFileSync("/etc/ld.so.cache"));
    const text = execFileSync("/sbin/ldconfig", ["-p"], { encoding: "utf8" });
    const theirs = new Map<string, string[]>();
    for (const line of text.split("\n").slice(1)) {
      const m = /^\s+(\S+) \(.*\) => (\S+)$/.exec(line);
      if (m) theirs.set(m[1]!, [...(theirs.get(m[1]!) ?? []), m[2]!]);
    }
    expect(theirs.size).toBeGreaterThan(20);
    expect(new Map([...ours].map(([k, v]) => [k, [...v].sort()]))).toEqual(new Map([...theirs].map(([k, v]) => [k, [...v].sort()])));
  });
  it("returns nothing for garbage and truncated caches", () => {
    expect(parseLdCache(new Uint8Array(0)).size).toBe(0);
    expect(parseLdCache(new TextEncoder().encode("glibc-ld.so.cache1.1")).size).toBe(0);
    const real = readFileSync("/etc/ld.so.cache");
    for (const cut of [48, 100, 1000]) expect(() => parseLdCache(real.subarray(0, cut))).not.toThrow();
  });
});

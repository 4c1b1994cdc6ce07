// Reading a release from a flake.lock and an os-release: real lock files from public repositories
// (fixtures/flake-locks, sources in its README), the other flake reference forms, and hostile text.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readFlakeLock, readOsRelease, releaseOfBranch } from "../../src/config/target-source.js";
import { targetWarningText } from "../../src/render/words/index.js";

const LOCKS = new URL("../../fixtures/flake-locks/", import.meta.url).pathname;
const lock = (name: string) => readFlakeLock(readFileSync(`${LOCKS}${name}`, "utf8"), `/p/${name}`);

/** A one-input lock whose nixpkgs node has this `original` (and `locked`). */
const one = (original: unknown, locked: unknown = { type: "github", rev: "0".repeat(40) }) =>
  readFlakeLock(JSON.stringify({ nodes: { nixpkgs: { original, locked }, root: { inputs: { nixpkgs: "nixpkgs" } } }, root: "root", version: 7 }), "f.lock");

describe("flake.lock: real files", () => {
  it("github nixos-unstable, nixos-25.05 and nixos-26.05 refs", () => {
    expect(lock("misterio77-nix-starter-configs.lock")).toEqual({
      release: "unstable",
      source: { code: "flake-lock", file: "/p/misterio77-nix-starter-configs.lock", input: "nixpkgs", form: "github", ref: "nixos-unstable" },
      warnings: [],
    });
    // The root's nixpkgs input wins over a nixpkgs-unstable input beside it.
    expect(lock("stilxam-stacy.lock").release).toBe("25.05");
    expect(lock("ava-labs-avalanchego.lock").source).toEqual(expect.objectContaining({ ref: "nixos-26.05", form: "github" }));
  });

  it("a FlakeHub tarball: 0.1.* is unstable", () => {
    const r = lock("determinatesystems-zero-to-nix.lock");
    expect(r.release).toBe("unstable");
    expect(r.source).toEqual(expect.objectContaining({ form: "flakehub", ref: "0.1.*" }));
  });

  it("a commit with no branch: pinned, release unknown, no release taken", () => {
    expect(lock("hspec-hspec.lock")).toEqual({
      release: null,
      source: null,
      warnings: [{ code: "flake-lock-pinned", file: "/p/hspec-hspec.lock", input: "nixpkgs", rev: "4d60081494259c0785f7e228518fee74e0792c1b" }],
    });
  });

  it("a root nixpkgs that follows another input's: resolved through the follows path", () => {
    const r = lock("wentasah-autoware-nix.lock");
    expect(r.release).toBeNull();
    // nix-ros-overlay/nixpkgs is lopsided98's fork on its nix-ros branch: no release.
    expect(r.warnings).toEqual([
      { code: "flake-lock-no-release", file: "/p/wentasah-autoware-nix.lock", input: "nixpkgs", found: { kind: "not-a-release-branch", ref: "nix-ros" } },
    ]);
  });

  it("a nixpkgs input that is another repository names no release", () => {
    expect(lock("determinatesystems-fh.lock").warnings).toEqual([
      expect.objectContaining({ code: "flake-lock-no-release", found: { kind: "not-nixpkgs", source: "https://flakehub.com/f/DeterminateSystems/secure/0" } }),
    ]);
  });
});

describe("flake.lock: reference forms", () => {
  it("branch names", () => {
    expect(releaseOfBranch("nixos-26.11")).toBe("26.11");
    expect(releaseOfBranch("nixos-26.11-small")).toBe("26.11");
    expect(releaseOfBranch("nixpkgs-26.05-darwin")).toBe("26.05");
    expect(releaseOfBranch("release-25.11")).toBe("25.11");
    expect(releaseOfBranch("refs/heads/nixos-25.05")).toBe("25.05");
    expect(releaseOfBranch("nixos-unstable")).toBe("unstable");
    expect(releaseOfBranch("nixos-unstable-small")).toBe("unstable");
    expect(releaseOfBranch("nixpkgs-unstable")).toBe("unstable");
    expect(releaseOfBranch("master")).toBe("unstable");
    expect(releaseOfBranch("staging")).toBeNull();
    // Only YY.05 and YY.11 are releases: another month is no release (and never reaches the chooser).
    expect(releaseOfBranch("nixos-26.07")).toBeNull();
    expect(one({ type: "github", owner: "NixOS", repo: "nixpkgs", ref: "nixos-26.07" }).warnings[0]?.code).toBe("flake-lock-no-release");
    expect(one({ type: "tarball", url: "https://flakehub.com/f/NixOS/nixpkgs/0.2607.1" }).release).toBeNull();
  });

  it("git, indirect, channel and archive tarballs, FlakeHub versions", () => {
    expect(one({ type: "git", url: "https://github.com/NixOS/nixpkgs.git", ref: "release-26.11" }).source).toEqual(
      expect.objectContaining({ form: "git", ref: "release-26.11" }),
    );
    expect(one({ type: "git", url: "https://github.com/NixOS/nixpkgs.git", ref: "release-26.11" }).release).toBe("26.11");
    expect(one({ type: "indirect", id: "nixpkgs", ref: "nixos-25.11" }).release).toBe("25.11");
    // Plain "nixpkgs" goes through the registry, which maps it to nixpkgs-unstable.
    expect(one({ type: "indirect", id: "nixpkgs" }).source).toEqual(expect.objectContaining({ ref: "nixpkgs-unstable" }));
    expect(one({ type: "tarball", url: "https://channels.nixos.org/nixos-26.05/nixexprs.tar.xz" }).release).toBe("26.05");
    expect(one({ type: "tarball", url: "https://github.com/NixOS/nixpkgs/archive/nixos-25.11.tar.gz" }).release).toBe("25.11");
    expect(one({ type: "tarball", url: "https://github.com/NixOS/nixpkgs/archive/4d60081494259c0785f7e228518fee74e0792c1b.tar.gz" }).warnings[0]?.code).toBe(
      "flake-lock-pinned",
    );
    expect(one({ type: "tarball", url: "https://flakehub.com/f/NixOS/nixpkgs/0.2505.%2A.tar.gz" }).release).toBe("25.05");
    // "0" (latest stable) says no release; the locked URL names the version it resolved to.
    const latest = one(
      { type: "tarball", url: "https://flakehub.com/f/NixOS/nixpkgs/0" },
      {
        type: "tarball",
        url: "https://api.flakehub.com/f/pinned/NixOS/nixpkgs/0.2511.909248%2Brev-0590cd39f728e129122770c029970378a79d076a/019c/source.tar.gz",
      },
    );
    expect(latest.release).toBe("25.11");
    expect(latest.source).toEqual(expect.objectContaining({ ref: "0 (locked 0.2511.909248)" }));
    // github:NixOS/nixpkgs with no ref follows the default branch, master.
    expect(one({ type: "github", owner: "NixOS", repo: "nixpkgs" }).release).toBe("unstable");
    expect(one({ type: "path", path: "/src/nixpkgs" }).warnings[0]?.code).toBe("flake-lock-no-release");
  });

  it("a lock with no nixpkgs input gives nothing, silently", () => {
    expect(readFlakeLock(JSON.stringify({ nodes: { root: { inputs: { utils: "utils" } }, utils: {} }, root: "root", version: 7 }), "f")).toEqual({
      release: null,
      source: null,
      warnings: [],
    });
    expect(readFlakeLock(JSON.stringify({ nodes: { root: {} }, root: "root", version: 7 }), "f").warnings).toEqual([]);
  });
});

describe("flake.lock: hostile text is a warning naming the file and the key", () => {
  const warning = (text: string) => {
    const r = readFlakeLock(text, "/x/flake.lock");
    expect(r.release).toBeNull();
    expect(r.warnings).toHaveLength(1);
    return r.warnings[0];
  };
  it("not JSON, wrong types, dangling names, follows loops", () => {
    expect(warning("{ nodes: ")).toEqual(expect.objectContaining({ code: "source-unreadable", file: "/x/flake.lock", key: "(file)", reason: "not-json" }));
    expect(warning("[1, 2]")).toEqual(expect.objectContaining({ key: "(top level)", reason: "wrong-type" }));
    expect(warning('{"nodes": 7}')).toEqual(
      expect.objectContaining({ key: "nodes", reason: "wrong-type", detail: { problem: "wrong-type", found: "number", expected: "object" } }),
    );
    expect(targetWarningText(warning('{"nodes": 7}')!)).toBe(
      "/x/flake.lock: nodes is not as expected (is a number, not an object); ignoring it and falling back to the next source",
    );
    expect(warning('{"nodes": {}, "root": 3}')).toEqual(expect.objectContaining({ key: "root" }));
    expect(warning('{"nodes": {}}')).toEqual(
      expect.objectContaining({ key: "nodes.root", detail: { problem: "wrong-type", found: "missing", expected: "object" } }),
    );
    expect(warning('{"nodes": {"root": {"inputs": []}}}')).toEqual(expect.objectContaining({ key: "nodes.root.inputs" }));
    expect(warning('{"nodes": {"root": {"inputs": {"nixpkgs": 5}}}}')).toEqual(expect.objectContaining({ key: "nodes.root.inputs.nixpkgs" }));
    expect(warning('{"nodes": {"root": {"inputs": {"nixpkgs": "gone"}}}}')).toEqual(expect.objectContaining({ key: "nodes.gone" }));
    expect(warning('{"nodes": {"root": {"inputs": {"nixpkgs": "n"}}, "n": {"original": "github:NixOS/nixpkgs"}}}')).toEqual(
      expect.objectContaining({ key: "nodes.n.original", detail: { problem: "wrong-type", found: "string", expected: "object" } }),
    );
    expect(warning('{"nodes": {"root": {"inputs": {"nixpkgs": ["a", "nixpkgs"], "a": "a"}}, "a": {"inputs": {}}}}')).toEqual(
      expect.objectContaining({
        key: "nodes.root.inputs.nixpkgs",
        detail: { problem: "no-such-input", follows: ["a", "nixpkgs"], node: "a", input: "nixpkgs" },
      }),
    );
    // A follows cycle ends at the depth cap instead of recursing for ever.
    expect(warning('{"nodes": {"root": {"inputs": {"nixpkgs": ["nixpkgs"]}}}}')).toEqual(
      expect.objectContaining({ code: "source-unreadable", reason: "wrong-type" }),
    );
  });
});

describe("flake.lock: mutated real files never throw", () => {
  it("every value replaced in turn by values of other types: a reading or a warning, never an exception", () => {
    const odd: unknown[] = [null, 0, -1, "", "x", [], [null], ["a", 3], {}, { type: 1 }, true, "nixos-99.05", "../../etc/passwd"];
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (const name of readdirSync(LOCKS).filter((n) => n.endsWith(".lock"))) {
      const original = readFileSync(`${LOCKS}${name}`, "utf8");
      for (let round = 0; round < 200; round++) {
        const data = JSON.parse(original);
        // Walk to a random object on a random path and replace one of its values.
        let node: Record<string, unknown> = data;
        for (let depth = 0; depth < 4; depth++) {
          const keys = Object.keys(node);
          const key = keys[next() % keys.length]!;
          const child = node[key];
          if (depth === 3 || typeof child !== "object" || child === null || next() % 3 === 0) {
            node[key] = odd[next() % odd.length];
            break;
          }
          node = child as Record<string, unknown>;
        }
        const r = readFlakeLock(JSON.stringify(data), name);
        expect(r.release === null || /^(\d\d\.(05|11)|unstable)$/.test(r.release), `${name} round ${round}`).toBe(true);
      }
    }
  });
});

describe("os-release", () => {
  it("NixOS: VERSION_ID, and a pre-release BUILD_ID is unstable", () => {
    const stable = 'NAME=NixOS\nID=nixos\nVERSION="26.05 (Yarara)"\nVERSION_ID="26.05"\nBUILD_ID="26.05.20260601.0123abc"\n';
    expect(readOsRelease(stable, "/etc/os-release")).toEqual({
      release: "26.05",
      source: { code: "os-release", file: "/etc/os-release", versionId: "26.05" },
      warnings: [],
    });
    expect(readOsRelease('ID=nixos\nVERSION_ID="26.11"\nBUILD_ID="26.11pre901234.abcdef0"\n', "f").release).toBe("unstable");
  });
  it("another distribution gives nothing, silently", () => {
    expect(readOsRelease('PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nID=debian\nVERSION_ID="13"\n', "f")).toEqual({
      release: null,
      source: null,
      warnings: [],
    });
  });
  it("a NixOS file with a bad VERSION_ID is a warning naming the key", () => {
    expect(readOsRelease("ID=nixos\n", "/etc/os-release").warnings).toEqual([
      { code: "source-unreadable", file: "/etc/os-release", key: "VERSION_ID", reason: "wrong-type", detail: { problem: "missing" } },
    ]);
    expect(readOsRelease('ID=nixos\nVERSION_ID="26.07"\n', "f").warnings[0]).toEqual(expect.objectContaining({ key: "VERSION_ID" }));
    const long = readOsRelease(`ID=nixos\nVERSION_ID=${"9".repeat(5000)}\n`, "f").warnings[0];
    expect(long?.code === "source-unreadable" && long.detail).toEqual({ problem: "not-a-release", value: "9".repeat(40), expected: "YY.MM" });
    expect(targetWarningText(long!).length).toBeLessThan(200);
  });
});

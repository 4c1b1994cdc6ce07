// The emulation against reality: every loader-rule fixture is run under this machine's real glibc
// loader, and the emulator (in host mode: this machine's directories, cache and hwcaps) must load the
// same objects in the same order, miss the same name, or stop at the same candidate.

import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseElf } from "../../src/elf/parse.js";
import { memorySource } from "../../src/elf/source.js";
import { readBuildHost } from "../../src/io/build-host.js";
import { createLoaderFs } from "../../src/io/loader-fs.js";
import { NO_HOST, targetProfile } from "../../src/loader/profiles.js";
import { analyse, type ResolveContext } from "../../src/loader/resolve.js";
import type { Analysis } from "../../src/loader/types.js";
import { edgeNoteText } from "../../src/render/words/index.js";
import { buildLoaderFixtures, hostLoaderFacts, LOADER_RULES, type RealRun, runUnderRealLoader } from "../support/loader-fixtures.js";

let built: string;
beforeAll(async () => {
  built = await buildLoaderFixtures();
}, 300_000);

function emulate(exe: string): Analysis {
  const facts = hostLoaderFacts();
  const base = readBuildHost("x86_64-linux");
  const host = { ...base, systemDirs: [...facts.systemDirs], dstLib: facts.dstLib, dstPlatform: facts.platform, hwcapsLevels: [...facts.hwcapsActive] };
  const ctx: ResolveContext = {
    mode: "host",
    fs: createLoaderFs(new Map()),
    target: targetProfile("x86_64-linux"),
    buildHost: host,
    addonHost: NO_HOST,
    libraryHost: NO_HOST,
    bundleDirs: ["/"],
    environment: null,
    display: (p) => p,
  };
  const info = parseElf(memorySource(readFileSync(exe))).info;
  if (!info) throw new Error(`cannot parse ${exe}`);
  const a = analyse(exe, info, ctx);
  if (!a) throw new Error(`${exe} is not analysable`);
  return a;
}

/** Real paths of the objects the emulator loaded, in load order, main first. */
function loadOrder(exe: string, a: Analysis): string[] {
  // realpathSync.native: the JS realpathSync normalises ".." lexically first, which is wrong here.
  const out = [realpathSync.native(exe)];
  for (const e of a.edges) {
    if (e.status !== "bundled" || e.path === null) continue;
    const r = realpathSync.native(e.path);
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

const loaderReal = realpathSync.native("/lib64/ld-linux-x86-64.so.2");

function compare(rule: string, real: RealRun, a: Analysis, exe: string): void {
  const failing = a.edges.filter((e) => e.status !== "bundled" && e.status !== "provided-by-loader");
  if (real.missing !== null) {
    expect(
      failing.map((e) => [e.name, e.status]),
      rule,
    ).toContainEqual([real.missing, "missing"]);
  } else if (real.fatal !== null && /version `([^']+)' not found/.test(real.fatal)) {
    const v = /version `([^']+)' not found/.exec(real.fatal)![1];
    expect(
      a.versionProblems.map((p) => [p.code, p.version]),
      rule,
    ).toContainEqual(["version-missing", v]);
    expect(a.verdict).toBe("broken-on-any-system");
  } else if (real.fatal !== null) {
    const f = failing.find((e) => e.status === "fatal-candidate");
    expect(f, `${rule}: the emulator should stop at a candidate (${real.fatal})`).toBeDefined();
    // The stop is data (a rejection code); its words are glibc's own message, which the real loader printed.
    expect(f!.note?.code, rule).toBe("candidate-rejected");
    const words = edgeNoteText(f!.note!);
    expect(real.fatal.startsWith(`${f!.path}: ${words}`) || real.fatal.includes(words), `${rule}: ${real.fatal} vs ${f!.path}: ${words}`).toBe(true);
  } else {
    expect(real.exitCode, `${rule}: ${real.stderr}`).toBe(0);
    expect(failing, rule).toEqual([]);
    expect(loadOrder(exe, a), rule).toEqual(real.loaded.filter((p) => p !== loaderReal));
  }
}

describe("emulation agrees with the real loader", () => {
  for (const r of LOADER_RULES) {
    it(`${r.name}: ${r.description}`, () => {
      const exe = join(built, r.name, r.exe);
      const real = runUnderRealLoader(built, r.name);
      const a = emulate(exe);
      const cwds = [real, ...(r.altCwds ?? []).map((c) => runUnderRealLoader(built, r.name, { cwd: c }))];
      const outcomes = new Set(cwds.map((x) => (x.exitCode === 0 ? "ok" : `missing ${x.missing}`)));
      if (outcomes.size > 1) {
        // The real outcome depends on the working directory. In an ordinary directory the real
        // loader says "not found": the emulator reports that name missing, labelled cwd-relative.
        const missingSomewhere = cwds.find((x) => x.exitCode !== 0);
        expect(missingSomewhere, r.name).toBeDefined();
        const edge = a.edges.find((e) => e.name === missingSomewhere!.missing);
        expect(edge?.status, r.name).toBe("missing");
        expect(edge?.labels, r.name).toContain("cwd-relative");
        expect(a.missing, r.name).toContain(missingSomewhere!.missing);
        expect(a.problems, r.name).toContainEqual({ code: "cwd-relative", names: [missingSomewhere!.missing] });
        return;
      }
      compare(r.name, real, a, exe);
    });
  }
});

// Architecture rules: only src/io and src/cli touch the filesystem; only the edges (src/cli, and the
// library entry src/index.ts for its defaults) read process; nothing but src/cli prints.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../src/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

describe("module boundaries", () => {
  const all = files(SRC).map((f) => ({ rel: relative(SRC, f), text: readFileSync(f, "utf8") }));
  it("finds the sources", () => expect(all.length).toBeGreaterThan(15));
  for (const f of all) {
    it(`${f.rel} respects the boundaries`, () => {
      const inIo = f.rel.startsWith("io/");
      const inCli = f.rel.startsWith("cli/");
      if (!inIo && !inCli) expect(f.text).not.toMatch(/from "node:fs"|from "fs"|require\("fs"\)/);
      if (!inCli) expect(f.text).not.toMatch(/\bconsole\./);
      if (!inCli && f.rel !== "index.ts") expect(f.text).not.toMatch(/\bprocess\.(exit|stdout|stderr|argv|env|cwd|arch)\b/);
    });
  }
});

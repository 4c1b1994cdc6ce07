// Builds the real-ELF fixtures (fixtures/elf/build.sh) once per recipe version, cached under
// .cache/fixtures/elf-<hash of the recipe files> at the repo root.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const recipeDir = join(repoRoot, "fixtures", "elf");

/** Debian packages the recipe needs (what .ci/run must install). */
export const FIXTURE_APT_PACKAGES =
  "gcc libc6-dev python3 musl-tools binutils-aarch64-linux-gnu binutils-powerpc64-linux-gnu binutils-s390x-linux-gnu binutils-mips-linux-gnu";

function recipeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? recipeFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []))
    .sort();
}

/** Hash of every file of the recipe (names and contents): a changed recipe gets a new cache dir. */
export function recipeHash(): string {
  const h = createHash("sha256");
  for (const f of recipeFiles(recipeDir)) h.update(relative(recipeDir, f)).update("\0").update(readFileSync(f)).update("\0");
  return h.digest("hex").slice(0, 16);
}

let pending: Promise<string> | undefined;

/** Directory holding the built fixtures; builds them on first use (atomically: build, then rename). */
export function buildElfFixtures(): Promise<string> {
  pending ??= build();
  return pending;
}

async function build(): Promise<string> {
  const cacheRoot = join(repoRoot, ".cache", "fixtures");
  const dir = join(cacheRoot, `elf-${recipeHash()}`);
  if (existsSync(dir)) return dir;
  mkdirSync(cacheRoot, { recursive: true });
  const tmp = join(cacheRoot, `.tmp-elf-${process.pid}-${Date.now()}`);
  try {
    await new Promise<void>((resolve, reject) => {
      execFile("sh", [join(recipeDir, "build.sh"), tmp], { maxBuffer: 16 << 20 }, (err, _stdout, stderr) => {
        if (err) reject(new Error(`fixtures/elf/build.sh failed (apt-get install ${FIXTURE_APT_PACKAGES}):\n${stderr}`));
        else resolve();
      });
    });
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another test process finished the same recipe first: use its copy.
      if (!existsSync(dir)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

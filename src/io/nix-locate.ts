// nix-locate (nix-index) as a fallback for sonames the table does not know. Optional: absent, or
// without a database, it is reported once and the scan goes on.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { type LocateResult, nixLocateCommand } from "../nixpkgs/locate.js";

/** Outputs nix-locate appends to attribute paths ("zlib.out", "gcc-unwrapped.lib"). */
const OUTPUTS = new Set(["out", "lib", "bin", "dev", "man", "doc", "info", "static", "debug", "dist", "py", "tools", "libgcc", "stub"]);

/** Whether `cmd` is an executable file in one of PATH's directories (null: no PATH to look in). */
function onPath(cmd: string, path: string | undefined): boolean | null {
  if (path === undefined) return null;
  for (const dir of path.split(":")) {
    if (dir === "" || !dir.startsWith("/")) continue;
    try {
      accessSync(`${dir}/${cmd}`, constants.X_OK);
      return true;
    } catch {
      /* not here */
    }
  }
  return false;
}

export function nixLocate(soname: string, env: NodeJS.ProcessEnv): LocateResult {
  const [cmd, ...args] = nixLocateCommand(soname);
  // Spawning a missing command costs a fork of this whole process (~7 ms on /usr/lib); looking costs a few access() calls.
  if (onPath(cmd!, env.PATH) === false) return { ok: false, reason: "not-installed", output: null };
  const r = spawnSync(cmd!, args, { encoding: "utf8", timeout: 60_000, env, maxBuffer: 16 * 1024 * 1024 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? { ok: false, reason: "not-installed", output: null } : { ok: false, reason: "failed", output: r.error.message };
  }
  if (r.status !== 0) {
    const text = `${r.stderr}`.trim();
    return /database|nix-index/i.test(text)
      ? { ok: false, reason: "no-database", output: text.split("\n")[0] ?? text }
      : { ok: false, reason: "failed", output: text === "" ? `exit status ${r.status}` : (text.split("\n")[0] ?? text) };
  }
  const attrs = new Set<string>();
  for (const line of r.stdout.split("\n")) {
    const t = line.trim().replace(/^\(|\)$/g, "");
    if (!/^[A-Za-z_][A-Za-z0-9_'.+-]*$/.test(t)) continue;
    const parts = t.split(".");
    if (parts.length > 1 && OUTPUTS.has(parts.at(-1)!)) parts.pop();
    attrs.add(parts.join("."));
  }
  return { ok: true, attrs: [...attrs].sort() };
}

// nix-locate (nix-index) as a fallback for sonames the table does not know. Optional: absent, or
// without a database, it is reported once and the scan goes on.
import { spawnSync } from "node:child_process";

export type LocateResult = { ok: true; attrs: string[] } | { ok: false; reason: "not-installed" | "no-database" | "failed"; message: string };

/** Outputs nix-locate appends to attribute paths ("zlib.out", "gcc-unwrapped.lib"). */
const OUTPUTS = new Set(["out", "lib", "bin", "dev", "man", "doc", "info", "static", "debug", "dist", "py", "tools", "libgcc", "stub"]);

/** The command line a user can run by hand for one soname (printed as the next step). */
export function nixLocateCommand(soname: string): string[] {
  return ["nix-locate", "--minimal", "--at-root", "--whole-name", `/lib/${soname}`];
}

export function nixLocate(soname: string, env: NodeJS.ProcessEnv): LocateResult {
  const [cmd, ...args] = nixLocateCommand(soname);
  const r = spawnSync(cmd!, args, { encoding: "utf8", timeout: 60_000, env, maxBuffer: 16 * 1024 * 1024 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? { ok: false, reason: "not-installed", message: "nix-locate is not installed" } : { ok: false, reason: "failed", message: r.error.message };
  }
  if (r.status !== 0) {
    const text = `${r.stderr}`.trim();
    return /database|nix-index/i.test(text) ? { ok: false, reason: "no-database", message: text.split("\n")[0] ?? text } : { ok: false, reason: "failed", message: text.split("\n")[0] ?? `exit ${r.status}` };
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

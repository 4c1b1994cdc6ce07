// nix-locate as the mapping sees it: its answer, and the command line a user can run by hand. Pure;
// src/io/nix-locate.ts runs it.

/** `output`: what nix-locate (or the system) said, its first line; null when it is not installed. */
export type LocateResult = { ok: true; attrs: string[] } | { ok: false; reason: "not-installed" | "no-database" | "failed"; output: string | null };

/** The command line a user can run by hand for one soname (printed as the next step). */
export function nixLocateCommand(soname: string): string[] {
  return ["nix-locate", "--minimal", "--at-root", "--whole-name", `/lib/${soname}`];
}

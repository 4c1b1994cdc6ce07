// Scripts whose #! line names an interpreter path NixOS does not have (only /bin/sh and
// /usr/bin/env exist there): the fix is `#!/usr/bin/env NAME` (`#!/usr/bin/env -S NAME ARG` when the
// line has an argument), or patchShebangs in a derivation.

import type { ScriptFinding } from "../model/script.js";

export type { ScriptFinding };

/** Interpreter paths that exist on NixOS. */
const PRESENT = new Set(["/bin/sh", "/usr/bin/env"]);

/** Judge one #! line (without the "#!"); null when it is fine on NixOS. */
export function judgeShebang(path: string, line: string): ScriptFinding | null {
  const t = line.replace(/\r$/, "").trim();
  if (t === "") return null;
  const sp = t.search(/[ \t]/);
  const interpreter = sp < 0 ? t : t.slice(0, sp);
  const args = sp < 0 ? "" : t.slice(sp).trim();
  if (PRESENT.has(interpreter) || interpreter.startsWith("/nix/store/") || !interpreter.startsWith("/")) return null;
  const name = interpreter.slice(interpreter.lastIndexOf("/") + 1);
  return { path, interpreter, args, fix: envShebang(name, args) };
}

/**
 * A #! line that finds `name` on PATH and passes it exactly what the kernel passed: Linux hands
 * everything after the interpreter path to it as ONE argument. `#!/usr/bin/env perl -w` would have env
 * look for a program called "perl -w", so an argument needs env's -S (GNU coreutils 8.30 and later,
 * as on NixOS), which splits its argument at spaces: the argument is kept whole by quoting it for -S.
 * Moving a flag into the script instead is not always possible or the same: perl's -w is global where
 * `use warnings` is lexical, and taint mode (-T) has no in-script form at all. With -S, env puts -T
 * on perl's command line, which is where perl demands it.
 */
export function envShebang(name: string, args: string): string {
  if (args === "") return `#!/usr/bin/env ${name}`;
  return `#!/usr/bin/env -S ${envSplitWord(name)} ${envSplitWord(args)}`;
}

/**
 * One word for `env -S`: bare when it holds only characters -S leaves alone, else in single quotes,
 * inside which -S treats everything literally except `\\` and `\'` (no `${VAR}`, no `#` comment, no
 * other escapes, spaces kept).
 */
function envSplitWord(w: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w)) return w;
  return `'${w.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

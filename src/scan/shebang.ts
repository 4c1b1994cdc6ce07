// Scripts whose #! line names an interpreter path NixOS does not have (only /bin/sh and
// /usr/bin/env exist there): the fix is `#!/usr/bin/env NAME`, or patchShebangs in a derivation.

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
  return { path, interpreter, args, fix: `#!/usr/bin/env ${name}${args ? ` ${args}` : ""}` };
}

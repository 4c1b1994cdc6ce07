// A script whose #! interpreter path NixOS lacks. Data only; src/scan/shebang.ts judges #! lines.
import type { Acceptance } from "./diagnostics.js";
import type { PackageRef } from "./packages.js";

export interface ScriptFinding {
  path: string;
  /** The interpreter path as written. */
  interpreter: string;
  /** The rest of the #! line. */
  args: string;
  /** The #! line to use instead. */
  fix: string;
  /** Why this finding does not fail the run (accept rule, baseline). */
  accepted?: Acceptance;
  /** The npm package that owns the script (absent outside node_modules). */
  package?: PackageRef;
}

// V8 settings for the command's one scan, set from inside the process: the command cannot pass
// flags to `node` (npm's bin shim and the Nix wrapper run it without ours). Only the command does
// this; the library leaves its host's V8 alone.
import { setFlagsFromString } from "node:v8";

/**
 * Keep V8's young generation at its start-up size for the rest of this process. V8 doubles it (two
 * semi-spaces, 1 MiB each at start-up, up to 16 MiB each) whenever as many bytes have survived
 * collections since the last doubling as it holds. A scan keeps what it finds (the report), so the
 * young generation grew to its maximum, and both semi-spaces are written: ~30 MB of peak RSS spent on
 * room for garbage (110 MB instead of 78 MB for `--json /usr/lib`), for no gain in speed. A growth
 * factor of 1 given at start-up is raised to 2 by V8, but set once the heap exists it is honoured.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}

/** How much a function runs before V8 considers optimising it: 16 times V8's own default (67,584). */
export const INTERRUPT_BUDGET = 16 * 67_584;

/**
 * Optimise only code that runs long. By default V8's optimising compiler (TurboFan) compiles ~90
 * functions during `--json /usr/lib`, each a few hundred calls old, on background threads: that cost
 * ~0.2 s of CPU and ~8 MB of peak RSS (its compile zones), and the scan was over before the optimised
 * code paid back. With 16 times the budget ~12 are compiled, and the walk of a ~1M-path tree, where
 * optimised code does pay, is optimised as before (its CPU time unchanged; with the optimiser off it
 * was 30% slower).
 */
export function optimiseOnlyHotCode(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

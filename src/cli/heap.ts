// The command's memory: V8 doubles its young generation (two semi-spaces, 1 MiB each at start-up, up
// to 16 MiB each) whenever as many bytes have survived collections since the last doubling as it
// holds. A scan keeps what it finds (the report), so the young generation grows to its maximum, and
// both semi-spaces are written, which is ~30 MB of peak RSS spent on room for garbage: 110 MB instead
// of 75 MB for `--json /usr/lib`, with no gain in speed. The bound cannot be given as a command-line
// flag (npm's bin shim and the Nix wrapper run `node` without ours, and V8 raises a growth factor
// below 2 given at start-up to 2), but a growth factor of 1 set once the heap exists is honoured by
// the next growth: the young generation keeps its start-up size. Only the command does this; the
// library leaves its host's heap alone.
import { setFlagsFromString } from "node:v8";

/** Keep V8's young generation at its start-up size for the rest of this process. */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}

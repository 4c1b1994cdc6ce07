// Files the CLI writes (--out, the baseline): atomically (temp file in the same directory, then rename),
// never over an existing file unless told to.
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";

export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

export function writeOutput(path: string, text: string, force: boolean): void {
  if (!force && existsSync(path)) throw new OutputError(`${path} exists; pass --force to replace it, or choose another --out`);
  const tmp = `${path}.nix-bincheck-${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: "wx" });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new OutputError(`writing ${path} failed: ${(e as Error).message}; check that its directory exists and is writable`);
  }
}

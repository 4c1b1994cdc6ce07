// The reader's one exception: a per-file problem with a stable code, never thrown out of parseElf.
import type { ElfErrorCode } from "./types.js";

/** A per-file problem with a stable code; caught inside parseElf and turned into an ElfError. */
export class ElfFault extends Error {
  constructor(
    readonly code: ElfErrorCode,
    message: string,
  ) {
    super(message);
  }
}

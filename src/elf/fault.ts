// The reader's one exception: a per-file problem with a stable code and its facts, never thrown out
// of parseElf. The words for it are in src/render/words/ (elfErrorText).
import type { ElfErrorCode, ElfErrorDetail } from "./types.js";

/** A per-file problem with a stable code; caught inside parseElf and turned into an ElfError. */
export class ElfFault extends Error {
  constructor(
    readonly code: ElfErrorCode,
    readonly detail: ElfErrorDetail,
  ) {
    super(`${code}: ${detail.reason}`);
  }
}

/** A number the file gave, as a fact: null when it is beyond 2^53 (or not a number at all). */
export function fact(n: number): number | null {
  return Number.isSafeInteger(n) ? n : null;
}

// Caps that keep the reader's work and memory bounded whatever a file claims.

/** Caps that keep work and memory bounded whatever the file claims. */
export const LIMITS = {
  interp: 4096,
  phdrTableBytes: 1 << 20,
  dynamicBytes: 1 << 20,
  string: 1 << 16,
  verneedFiles: 1024,
  versionsTotal: 8192,
  verdefs: 8192,
  noteBytes: 1 << 16,
  notesTotal: 1 << 18,
  dynamicStrings: 4096,
  /** Section headers read to find where the file's described content ends (more are ignored, with a warning). */
  sectionHeaders: 1 << 16,
  /** Bytes of the section header table read at a time. */
  sectionChunkBytes: 1 << 16,
  /** Fewer bytes past the described content are alignment slack (patchelf leaves some), not a payload. */
  trailingPayloadMin: 256,
} as const;

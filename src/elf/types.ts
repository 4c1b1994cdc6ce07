// The ELF reader's types live in src/model/elf.ts (the report carries them); re-exported here for the reader.
export type * from "../model/elf.js";

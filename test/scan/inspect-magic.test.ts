// inspectFile names what a file that is not ELF is, from its first bytes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspectFile } from "../../src/io/inspect.js";
import { tempDir } from "../support/run-cli.js";

function kindOf(bytes: Uint8Array | string) {
  const p = join(tempDir("nbc-magic-"), "f");
  writeFileSync(p, bytes);
  return inspectFile(p, () => {});
}

describe("inspectFile magic", () => {
  it("knows an ar archive by its 8-byte magic, and only by all of it", () => {
    expect(kindOf("!<arch>\n/               0           0     0     644     4         `\n")).toEqual({ kind: "not-elf", magic: "archive" });
    expect(kindOf("!<arch>x and more text")).toEqual({ kind: "not-elf", magic: "other" });
    expect(kindOf("!<arch>")).toEqual({ kind: "not-elf", magic: "other" });
  });

  it("tells Mach-O, wasm, PE and the rest apart", () => {
    expect(kindOf(new Uint8Array([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]))).toEqual({ kind: "not-elf", magic: "macho" });
    expect(kindOf(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toEqual({ kind: "not-elf", magic: "wasm" });
    expect(kindOf("MZ\x90\x00")).toEqual({ kind: "not-elf", magic: "pe" });
    expect(kindOf("plain text")).toEqual({ kind: "not-elf", magic: "other" });
  });
});

import { describe, expect, it } from "vitest";
import { expandDst, pathList } from "../../src/loader/dst.js";

const v = { origin: "/t/bin", lib: "lib", platform: "x86_64" };

describe("dynamic string tokens", () => {
  it("expands bare and braced tokens, only at a token boundary", () => {
    expect(expandDst("$ORIGIN/../lib", v)).toBe("/t/bin/../lib");
    expect(expandDst("${ORIGIN}/x:${LIB}:$PLATFORM", v)).toBe("/t/bin/x:lib:x86_64");
    expect(expandDst("$ORIGINAL/x", v)).toBe("$ORIGINAL/x");
    expect(expandDst("$ORIGIN_x", v)).toBe("$ORIGIN_x");
    expect(expandDst("$ORIGIN-x", v)).toBe("/t/bin-x");
    expect(expandDst("$HOME/lib", v)).toBe("$HOME/lib");
  });
  it("has no value for $ORIGIN of a virtual object", () => {
    expect(expandDst("$ORIGIN/lib", { ...v, origin: null })).toBeNull();
    expect(expandDst("/plain", { ...v, origin: null })).toBe("/plain");
  });
  it("splits lists on ':' only, marks empty and relative elements, keeps '..' for the kernel", () => {
    expect(pathList("$ORIGIN/../lib::rel/dir:/abs/:/abs;x", v)).toEqual([
      { kind: "dir", dir: "/t/bin/../lib", raw: "$ORIGIN/../lib" },
      { kind: "cwd", raw: "" },
      { kind: "cwd", raw: "rel/dir" },
      { kind: "dir", dir: "/abs", raw: "/abs/" },
      { kind: "dir", dir: "/abs;x", raw: "/abs;x" },
    ]);
    expect(pathList("/a:/a/:/b", v).map((e) => (e.kind === "dir" ? e.dir : e.kind))).toEqual(["/a", "/b"]);
    expect(pathList("$ORIGIN", { ...v, origin: null })).toEqual([{ kind: "unresolvable", raw: "$ORIGIN" }]);
  });
});

// dirsWithAddon: the directories whose package has its own addon for the machine, found in one pass.
import { describe, expect, it } from "vitest";
import { dirsWithAddon } from "../../src/scan/packages.js";

// The rule, as the package check states it: an addon below the directory, no node_modules/ in between.
const ownAddon = (addons: { path: string; machineCode: number }[], machine: number, dir: string) =>
  addons.some((a) => a.machineCode === machine && a.path.startsWith(`${dir}/`) && !a.path.slice(dir.length).includes("/node_modules/"));

describe("dirsWithAddon", () => {
  const addons = [
    { path: "node_modules/a/build/Release/a.node", machineCode: 62 },
    { path: "node_modules/b/node_modules/c/c.node", machineCode: 62 },
    { path: "node_modules/d/prebuilds/linux-arm64/d.node", machineCode: 183 },
    { path: "/abs/node_modules/@s/e/lib/node_modules_x/e.node", machineCode: 62 },
    { path: "/top.node", machineCode: 62 },
    { path: "rel.node", machineCode: 62 },
  ];
  const dirs = [
    "",
    "/",
    "node_modules",
    "node_modules/a",
    "node_modules/a/build",
    "node_modules/b",
    "node_modules/b/node_modules",
    "node_modules/b/node_modules/c",
    "node_modules/d",
    "/abs",
    "/abs/node_modules",
    "/abs/node_modules/@s",
    "/abs/node_modules/@s/e",
    "/abs/node_modules/@s/e/lib/node_modules_x",
    "node_modules/a/build/Release/a.node",
  ];

  it("agrees with the rule for every directory", () => {
    for (const machine of [62, 183, 3]) {
      const found = dirsWithAddon(addons, machine);
      for (const dir of dirs) expect(found.has(dir), `${machine} ${dir}`).toBe(ownAddon(addons, machine, dir));
    }
  });

  it("stops at node_modules: a dependency's addon is not its dependent's", () => {
    const found = dirsWithAddon(addons, 62);
    expect(found.has("node_modules/b/node_modules/c")).toBe(true);
    expect(found.has("node_modules/b")).toBe(false);
    expect(found.has("/abs/node_modules/@s/e")).toBe(true);
    expect(found.has("/abs")).toBe(false);
  });
});

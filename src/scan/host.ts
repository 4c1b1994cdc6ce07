// --host: which process dlopen()s the tree's .node addons. A path names a real executable whose
// load set (found through this machine's loader configuration) counts as already loaded.

import { readBuildHost } from "../io/build-host.js";
import { createLoaderFs } from "../io/loader-fs.js";
import { absolute } from "../io/paths.js";
import { dirname } from "../loader/dst.js";
import { NO_HOST, NODE_HOST } from "../loader/profiles.js";
import { buildHostSearchEnv } from "../loader/resolve.js";
import { effectiveRpath, hasNodeflib, type SearchObject, searchLibrary } from "../loader/search.js";
import type { HostProfile, SystemName } from "../loader/types.js";

export class HostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HostError";
  }
}

const MAX_OBJECTS = 2000;

export function hostFromArgument(value: string, system: SystemName, cwd = "."): HostProfile {
  if (value === "node") return NODE_HOST;
  if (value === "none") return NO_HOST;
  const fs = createLoaderFs(new Map());
  const abs = absolute(cwd, value);
  const o = fs.object(abs);
  if (!o.ok)
    throw new HostError(`reading the --host executable ${JSON.stringify(value)} failed: ${o.message}; pass node, none, or the path of an ELF executable`);
  const env = buildHostSearchEnv(fs, o.info.machineCode, o.info.class, readBuildHost(system));
  const main: SearchObject & { needed: string[] } = {
    path: abs,
    origin: dirname(fs.realpath(abs) ?? abs),
    rpath: effectiveRpath(o.info),
    runpath: o.info.runpath,
    nodeflib: hasNodeflib(o.info),
    loader: null,
    needed: o.info.needed,
  };
  const loaded = new Set<string>();
  const queue = [main];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_OBJECTS) {
    const obj = queue.shift()!;
    for (const n of obj.needed) {
      if (loaded.has(n)) continue;
      loaded.add(n);
      const r = n.includes("/") ? null : searchLibrary(n, obj, main, env);
      if (r?.kind !== "file" || seen.has(r.id)) continue;
      seen.add(r.id);
      if (r.info.soname) loaded.add(r.info.soname);
      queue.push({
        path: r.path,
        origin: dirname(r.path),
        rpath: effectiveRpath(r.info),
        runpath: r.info.runpath,
        nodeflib: hasNodeflib(r.info),
        loader: obj,
        needed: r.info.needed,
      });
    }
  }
  const names = [...loaded].sort();
  return {
    name: value,
    assumption: `addons are judged as loaded by ${value}, which has these loaded on this machine: ${names.join(", ") || "nothing"}`,
    loaded: names,
    rpath: main.rpath,
    opensRealPath: false,
  };
}

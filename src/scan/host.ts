// --host: which process dlopen()s the tree's .node addons. A path names a real executable whose
// load set (found through this machine's loader configuration) counts as already loaded.

import { readBuildHost } from "../io/build-host.js";
import { createLoaderFs } from "../io/loader-fs.js";
import { hostLoadSet } from "../loader/host-load.js";
import { NO_HOST, NODE_HOST } from "../loader/profiles.js";
import type { HostProfile, SystemName } from "../loader/types.js";
import { absolute } from "../model/paths.js";

export class HostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HostError";
  }
}

export function hostFromArgument(value: string, system: SystemName, cwd = "."): HostProfile {
  if (value === "node") return NODE_HOST;
  if (value === "none") return NO_HOST;
  const fs = createLoaderFs(new Map());
  const abs = absolute(cwd, value);
  const o = fs.object(abs);
  if (!o.ok)
    throw new HostError(`reading the --host executable ${JSON.stringify(value)} failed: ${o.message}; pass node, none, or the path of an ELF executable`);
  const loaded = hostLoadSet(abs, o.info, fs, readBuildHost(system));
  const names = [...loaded.names].sort();
  return {
    name: value,
    assumption: { code: "executable", path: value, loaded: names },
    loaded: names,
    rpath: loaded.rpath,
    opensRealPath: false,
  };
}

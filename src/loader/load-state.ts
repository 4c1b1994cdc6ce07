// One root's load graph (LOADER.md §5, §8, §9): breadth-first in DT_NEEDED order, names already
// loaded satisfy later requests, each edge classified by where it was satisfied.
import type { ElfInfo } from "../elf/types.js";
import type { TriedStep } from "../model/analysis.js";
import { isUnder } from "../model/paths.js";
import type { Kind, Loaded, Preloaded, ResolveContext } from "./context.js";
import { dirname, expandDst, usesPlatform } from "./dst.js";
import { effectiveRpath, hasNodeflib, type SearchEnv, type SearchResult, searchLibrary, verify } from "./search.js";
import { type Envs, hostEnv } from "./search-envs.js";
import type { Edge, HostProfile, Role } from "./types.js";

/** Libraries whose presence in the tree means a second glibc is bundled (LOADER.md §8). */
const GLIBC_FAMILY = /^(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libutil\.so\.1|libresolv\.so\.2|ld-linux[^/]*\.so\.\d+)$/;

/** A DT_NEEDED or dlopen name with a slash or a token: resolved against (or shown relative to) the origin. */
function needsOrigin(info: ElfInfo): boolean {
  for (const n of info.needed) if (n.includes("/") || n.includes("$")) return true;
  for (const d of info.dlopen) for (const s of d.sonames) if (s.includes("/") || s.includes("$")) return true;
  return false;
}

/** An object with no file behind it: the loader itself, a glibc library, the host process or what it loaded. */
function virtual(kind: Exclude<Kind, "tree">, path: string, soname: string | null, rpath: string | null): Loaded {
  return { path, origin: null, rpath, runpath: null, nodeflib: false, loader: null, id: null, soname, kind, info: null, searchKey: undefined };
}

/** Displayed candidate lists by the search result's own list (search results are memoised per context). */
const SHOWN = new WeakMap<readonly TriedStep[], TriedStep[]>();

export class LoadState {
  /** The tree objects loaded, in load order (virtual ones are only in byName). */
  readonly treeObjects: Loaded[] = [];
  readonly edges: Edge[] = [];
  private main: Loaded | null = null;
  private readonly queue: Loaded[] = [];
  private readonly env: SearchEnv;
  /** Loaded objects by every name that matches them (requested names, SONAME, tree path). */
  private readonly byName = new Map<string, Loaded>();
  private readonly byId = new Map<string, Loaded>();

  constructor(
    private readonly ctx: ResolveContext,
    private readonly envs: Envs,
    env: SearchEnv,
  ) {
    this.env = env;
  }

  /** A memoised search's candidate list as the user's paths (shared, never mutated afterwards). */
  private shown(tried: readonly TriedStep[]): TriedStep[] {
    let d = SHOWN.get(tried);
    if (!d) {
      d = tried.map((t) => (typeof t === "string" ? this.ctx.display(t) : "path" in t ? { ...t, path: this.ctx.display(t.path) } : t));
      SHOWN.set(tried, d);
    }
    return d;
  }

  /** Record a loaded object under `name` (the name it was requested by), its SONAME and, for tree objects, its path. */
  private add(loaded: Loaded, name: string | null): void {
    if (loaded.kind === "tree") this.treeObjects.push(loaded);
    if (name !== null && !this.byName.has(name)) this.byName.set(name, loaded);
    if (loaded.soname !== null && !this.byName.has(loaded.soname)) this.byName.set(loaded.soname, loaded);
    if (loaded.kind === "tree" && !this.byName.has(loaded.path)) this.byName.set(loaded.path, loaded);
    if (loaded.id !== null && !this.byId.has(loaded.id)) this.byId.set(loaded.id, loaded);
  }

  private addName(loaded: Loaded, name: string): void {
    if (!this.byName.has(name)) this.byName.set(name, loaded);
  }

  /** The object loaded under `name` (a requested name or SONAME), first come first served. */
  find(name: string): Loaded | undefined {
    return this.byName.get(name);
  }

  /** What a root starts with under host `h` (see Envs.preloaded). */
  private preloaded(hostProfile: HostProfile | null): Preloaded {
    let p = this.envs.preloaded.get(hostProfile);
    if (p === undefined) {
      const t = this.ctx.target;
      p = {
        main: hostProfile === null ? null : virtual("main-virtual", `(${hostProfile.name} process)`, null, hostProfile.rpath),
        loader: virtual("loader", t.loaderSoname, null, null),
        loaded:
          hostProfile === null
            ? []
            : hostProfile.loaded.map((n) => virtual(t.glibcProvided.includes(n) ? "glibc" : "host", `(${hostProfile.name}: ${n})`, n, null)),
      };
      this.envs.preloaded.set(hostProfile, p);
    }
    return p;
  }

  initRoot(absPath: string, info: ElfInfo, role: Role, host: HostProfile | null, id: string | null): Loaded {
    const t = this.ctx.target;
    if (role === "executable") {
      // $ORIGIN is the directory of the executable's real path (LOADER.md §6). Only an object that
      // uses $ORIGIN, or names a library by a relative path, is told its origin: skip the
      // realpath() (several syscalls) for the rest.
      const real = info.usesOrigin || needsOrigin(info) ? (this.ctx.fs.realpath(absPath) ?? absPath) : absPath;
      const root = this.treeObject(absPath, info, null, dirname(real), id);
      this.main = root;
      this.add(root, null);
      const loader = this.preloaded(null).loader;
      this.add(loader, t.loaderSoname);
      if (info.interpreter) this.addName(loader, info.interpreter);
      return root;
    }
    const h = host!;
    const pre = this.preloaded(h);
    this.main = pre.main;
    this.add(pre.main!, null);
    this.add(pre.loader, t.loaderSoname);
    for (let i = 0; i < pre.loaded.length; i++) this.add(pre.loaded[i]!, h.loaded[i]!);
    const opened = h.opensRealPath ? (this.ctx.fs.realpath(absPath) ?? absPath) : absPath;
    const root = this.treeObject(opened, info, null, dirname(opened), id);
    this.add(root, null);
    return root;
  }

  private treeObject(path: string, info: ElfInfo, loader: Loaded | null, origin: string, knownId: string | null = null): Loaded {
    let id = knownId;
    if (id === null) {
      const o = this.ctx.fs.object(path);
      id = o.id ? `${o.id.dev}:${o.id.ino}` : null;
    }
    return {
      path,
      origin,
      rpath: effectiveRpath(info),
      runpath: info.runpath,
      nodeflib: hasNodeflib(info),
      loader,
      id,
      soname: info.soname,
      kind: "tree",
      info,
      // Present from the start (searchLibrary fills it): one object shape for every Loaded keeps V8's code monomorphic.
      searchKey: undefined,
    };
  }

  run(root: Loaded): void {
    this.queue.push(root);
    let guard = 0;
    while (this.queue.length > 0 && guard++ < 100_000) {
      const o = this.queue.shift()!;
      const needed = o.info?.needed ?? [];
      for (let i = 0; i < needed.length; i++) this.request(o, needed[i]!, null);
    }
  }

  /** Satisfy one name for `o`, recording the edge; loads (and queues) new tree objects. */
  request(object: Loaded, raw: string, dlopenLabel: string | null): void {
    const ctx = this.ctx;
    const edge: Edge = {
      requester: ctx.display(object.path),
      name: raw,
      status: "missing",
      via: null,
      labels: dlopenLabel ? [dlopenLabel] : [],
      path: null,
      tried: [],
      note: null,
    };
    this.edges.push(edge);
    if (object.info?.libc === "musl") {
      edge.status = "foreign-libc";
      return;
    }
    let n = raw;
    if (raw.includes("$")) {
      const x = expandDst(raw, { origin: object.origin, lib: ctx.target.dstLib, platform: ctx.target.dstPlatform });
      if (x === null) {
        edge.status = "unresolvable-dst";
        edge.note = { code: "token-without-value" };
        return;
      }
      if (usesPlatform(raw)) edge.labels.push("platform-dependent");
      n = x;
    }
    const prior = this.byName.get(n);
    if (prior) {
      this.satisfiedBy(edge, prior, "already-loaded");
      if (prior.kind === "tree" && !n.includes("/")) {
        const own = searchLibrary(n, object, this.main, this.env);
        if (own.kind !== "file" || own.id !== prior.id) edge.labels.push("order-dependent");
      }
      return;
    }
    if (n.includes("/")) {
      this.openPath(object, edge, n, raw !== n);
      return;
    }
    const res = searchLibrary(n, object, this.main, this.env);
    this.apply(object, edge, n, res);
  }

  private apply(loaded: Loaded, edge: Edge, name: string, res: SearchResult): void {
    switch (res.kind) {
      case "file":
        edge.via = res.via;
        edge.labels.push(...res.labels);
        if (res.labels.some((l) => l.startsWith("hwcaps-only("))) this.cpuCheck(loaded, edge, name);
        this.load(loaded, edge, name, res.path, res.info, res.id);
        return;
      case "virtual": {
        let g = this.envs.glibc.get(name);
        if (g === undefined) {
          g = virtual("glibc", `(glibc: ${name})`, name, null);
          this.envs.glibc.set(name, g);
        }
        this.add(g, name);
        this.satisfiedBy(edge, g, res.via);
        return;
      }
      case "fatal":
        edge.status = "fatal-candidate";
        edge.via = res.via;
        edge.path = this.ctx.display(res.path);
        edge.note = res.note;
        edge.tried = this.shown(res.tried);
        return;
      case "none":
        edge.tried = this.shown(res.tried);
        // An empty or relative element is the current directory: in an ordinary one the library is
        // not there, so it is missing; the label says it would be looked up there too.
        edge.status = res.unresolvable && !res.cwdDependent ? "unresolvable-dst" : "missing";
        if (res.cwdDependent) edge.labels.push("cwd-relative");
        if (edge.status === "missing") this.hostPass(loaded, edge, name);
        return;
    }
  }

  private load(object: Loaded, edge: Edge, name: string, path: string, info: ElfInfo, id: string): void {
    const same = this.byId.get(id);
    if (same) {
      this.addName(same, name);
      this.satisfiedBy(edge, same, edge.via ?? "already-loaded");
      return;
    }
    const obj = this.treeObject(path, info, object, dirname(path), id);
    this.add(obj, name);
    this.ctx.onLoaded?.(info, this.ctx.display(path));
    this.queue.push(obj);
    this.satisfiedBy(edge, obj, edge.via);
    if (GLIBC_FAMILY.test(name) || GLIBC_FAMILY.test(info.soname ?? "")) edge.labels.push("bundled-glibc");
  }

  private satisfiedBy(edge: Edge, loaded: Loaded, via: Edge["via"]): void {
    edge.via = via;
    switch (loaded.kind) {
      case "tree":
        // Outside the scanned tree, only the judged environment's directories can have provided it.
        if (this.ctx.environment !== null && !this.ctx.bundleDirs.some((b) => isUnder(b, loaded.path))) {
          // The store path behind nix-ld's (or LD_LIBRARY_PATH's) link farm, as the user would look it up.
          edge.status = "provided-by-environment";
          edge.path = this.ctx.fs.realpath(loaded.path) ?? loaded.path;
          return;
        }
        edge.status = "bundled";
        edge.path = this.ctx.display(loaded.path);
        return;
      case "glibc":
        edge.status = "provided-by-glibc";
        // The name glibc's lib/ has it under (a requested name may have had a token expanded).
        if (loaded.soname !== null && this.ctx.target.glibcHacks.includes(loaded.soname)) edge.labels.push("nixpkgs-hack");
        return;
      case "loader":
        edge.status = "provided-by-loader";
        return;
      case "host":
      case "main-virtual":
        edge.status = "provided-by-host";
        return;
    }
  }

  /**
   * Found only in a glibc-hwcaps subdirectory, which glibc tries only on a CPU of that level: search
   * again as on a baseline CPU (no hwcaps levels). Missing there: the answer depends on the CPU.
   */
  private cpuCheck(loaded: Loaded, edge: Edge, name: string): void {
    const envs = this.envs;
    envs.baseline ??= { ...envs.nixos, hwcapsLevels: [], memo: new Map() };
    const base = searchLibrary(name, loaded, this.main, envs.baseline);
    if (base.kind !== "file" && base.kind !== "virtual") edge.labels.push("cpu-dependent");
  }

  /** A DT_NEEDED with a slash is opened as a path: no search (LOADER.md §5 step 3). */
  private openPath(loaded: Loaded, edge: Edge, name: string, fromDst: boolean): void {
    edge.via = fromDst ? "dst-in-needed" : "absolute-path";
    if (!name.startsWith("/")) {
      edge.status = "missing";
      edge.labels.push("cwd-relative");
      edge.note = { code: "relative-path", nextToObject: this.ctx.display(`${loaded.origin ?? ""}/${name}`) };
      return;
    }
    if (name.startsWith("/nix/store/")) {
      edge.status = "missing";
      edge.labels.push("nix-store-path");
      edge.note = { code: "nix-store-path" };
      return;
    }
    if (!this.env.dirPresent(dirname(name), fromDst)) {
      edge.tried = [this.ctx.display(name)];
      this.hostPass(loaded, edge, name);
      return;
    }
    const p = verify(name, this.env);
    if (p === null) {
      edge.tried = [this.ctx.display(name)];
      edge.status = "missing";
      return;
    }
    if (p.kind === "fatal") {
      edge.status = "fatal-candidate";
      edge.path = this.ctx.display(name);
      edge.note = p.note;
      return;
    }
    edge.labels.push(...p.labels);
    this.load(loaded, edge, name, name, p.info, p.id);
  }

  /** Where this build machine would find a name NixOS lacks; labels it resolvable-via-system. */
  private hostPass(loaded: Loaded, edge: Edge, name: string): void {
    if (this.envs.host === undefined) {
      const h = this.ctx.buildHost;
      this.envs.host = h ? hostEnv(this.ctx, h, false) : null;
    }
    const host = this.envs.host;
    if (!host) return;
    let found: string | null = null;
    if (name.includes("/")) {
      const p = verify(name, host);
      if (p?.kind === "file") found = name;
    } else {
      const r = searchLibrary(name, loaded, this.main, host);
      if (r.kind === "file") found = r.path;
    }
    if (found !== null) {
      edge.status = "resolvable-via-system";
      edge.path = found;
    }
  }
}

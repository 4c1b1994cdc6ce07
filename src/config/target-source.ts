// Which nixpkgs release a project or a host says it uses, read from text (src/io reads the files):
// a flake.lock's nixpkgs input and a NixOS /etc/os-release. Pure and total: bad input becomes a
// coded warning naming the file and the key, never an exception.
import { RELEASE_NAME } from "../loader/profiles.js";
import type { FlakeRefForm, SourceProblem, TargetSource, TargetWarning, UnreadableReason, ValueKind } from "../model/target.js";

export interface SourceReading {
  /** A release-shaped name ("26.11", "unstable"), possibly one the data does not know; null for none. */
  release: string | null;
  source: TargetSource | null;
  warnings: TargetWarning[];
}

const none = (warnings: TargetWarning[] = []): SourceReading => ({ release: null, source: null, warnings });
const unreadable = (file: string, key: string, reason: UnreadableReason, detail: SourceProblem): SourceReading =>
  none([{ code: "source-unreadable", file, key, reason, detail }]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const kind = (v: unknown): ValueKind =>
  v === undefined
    ? "missing"
    : v === null
      ? "null"
      : Array.isArray(v)
        ? "array"
        : typeof v === "object"
          ? "object"
          : typeof v === "string"
            ? "string"
            : typeof v === "number"
              ? "number"
              : typeof v === "boolean"
                ? "boolean"
                : "other";
const wrong = (v: unknown, expected: "object" | "string" | "node-or-follows" | "input-name", step?: number): SourceProblem =>
  step === undefined ? { problem: "wrong-type", found: kind(v), expected } : { problem: "wrong-type", found: kind(v), expected, step };

/**
 * The release a nixpkgs branch name stands for: nixos-26.11, nixos-26.11-small, nixpkgs-26.11-darwin,
 * release-26.11 -> "26.11"; nixos-unstable(-small), nixpkgs-unstable, master -> "unstable"; else null.
 */
export function releaseOfBranch(ref: string): string | null {
  const r = ref.replace(/^refs\/heads\//, "");
  const stable = /^(?:(?:nixos|nixpkgs)-(\d\d\.\d\d)(?:-[a-z0-9-]+)?|release-(\d\d\.\d\d))$/.exec(r);
  const name = stable ? (stable[1] ?? stable[2] ?? "") : null;
  if (name !== null) return RELEASE_NAME.test(name) ? name : null;
  if (/^(?:nixos|nixpkgs)-unstable(?:-small)?$/.test(r) || r === "master") return "unstable";
  return null;
}

/** A FlakeHub nixpkgs version ("0.2511.909248+rev-..", "0.2505.*", "0.1", "0.1.*") as a release, or null. */
function releaseOfFlakehub(version: string): string | null {
  const v = decodeURIComponent(version);
  if (/^0\.1(?:\.|$)/.test(v)) return "unstable";
  const m = /^0\.(\d\d)(\d\d)(?:\.|$)/.exec(v);
  return m && RELEASE_NAME.test(`${m[1]}.${m[2]}`) ? `${m[1]}.${m[2]}` : null;
}

interface Named {
  form: FlakeRefForm;
  /** The branch or version named (what the report shows), or null. */
  ref: string | null;
  release: string | null;
  rev: string | null;
  /** Set when the input is not nixpkgs at all. */
  notNixpkgs: string | null;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** What a lock node's `original` (and `locked`) say about the nixpkgs it is. */
function describe(original: Json, locked: Json | null): Named {
  const type = str(original.type) ?? "";
  const rev = str(original.rev);
  const byRef = (form: FlakeRefForm, ref: string | null, defaultBranch: string): Named => {
    const name = ref ?? (rev === null ? defaultBranch : null);
    return { form, ref: name, release: name === null ? null : releaseOfBranch(name), rev, notNixpkgs: null };
  };
  if (type === "github" || type === "gitlab" || type === "sourcehut") {
    const repo = `${str(original.owner) ?? "?"}/${str(original.repo) ?? "?"}`;
    if (str(original.repo)?.toLowerCase() !== "nixpkgs") return { form: "github", ref: null, release: null, rev, notNixpkgs: `${type}:${repo}` };
    // With no ref, github:NixOS/nixpkgs follows the repository's default branch, master.
    return byRef("github", str(original.ref), "master");
  }
  if (type === "git") {
    const url = str(original.url) ?? "";
    if (!/\/nixpkgs(?:\.git)?\/?$/i.test(url)) return { form: "git", ref: null, release: null, rev, notNixpkgs: url };
    return byRef("git", str(original.ref), "master");
  }
  if (type === "indirect") {
    if (str(original.id) !== "nixpkgs") return { form: "indirect", ref: null, release: null, rev, notNixpkgs: `flake:${str(original.id) ?? "?"}` };
    // The global flake registry maps plain "nixpkgs" to nixpkgs-unstable.
    return byRef("indirect", str(original.ref), "nixpkgs-unstable");
  }
  if (type === "tarball" || type === "file") {
    const url = str(original.url) ?? "";
    const hub = /flakehub\.com\/f\/NixOS\/nixpkgs\/([^/?#]+)/i.exec(url);
    if (hub) {
      const spec = hub[1]!.replace(/\.tar\.gz$/, "");
      let release = releaseOfFlakehub(spec);
      let shown = spec;
      // "*" or "0" (latest stable) says no release: the locked URL names the version resolved.
      const pinned = release === null && locked ? /flakehub\.com\/f\/pinned\/NixOS\/nixpkgs\/([^/?#]+)/i.exec(str(locked.url) ?? "") : null;
      if (pinned) {
        release = releaseOfFlakehub(pinned[1]!);
        shown = `${spec} (locked ${decodeURIComponent(pinned[1]!).replace(/\+rev-.*$/, "")})`;
      }
      return { form: "flakehub", ref: decodeURIComponent(shown), release, rev: null, notNixpkgs: null };
    }
    const channel = /channels\.nixos\.org\/((?:nixos|nixpkgs)-[^/]+)\//.exec(url) ?? /nixos\.org\/channels\/((?:nixos|nixpkgs)-[^/]+)/.exec(url);
    if (channel) return { form: "tarball", ref: channel[1]!, release: releaseOfBranch(channel[1]!), rev: null, notNixpkgs: null };
    const archive = /github\.com\/NixOS\/nixpkgs\/archive\/([^/?#]+?)\.tar\.gz/i.exec(url);
    if (archive) {
      const name = archive[1]!;
      if (/^[0-9a-f]{40}$/.test(name)) return { form: "tarball", ref: null, release: null, rev: name, notNixpkgs: null };
      return { form: "tarball", ref: name, release: releaseOfBranch(name), rev: null, notNixpkgs: null };
    }
    return { form: "tarball", ref: null, release: null, rev: null, notNixpkgs: url };
  }
  if (type === "path") return { form: "path", ref: null, release: null, rev: null, notNixpkgs: `path:${str(original.path) ?? "?"}` };
  return { form: "other", ref: null, release: null, rev, notNixpkgs: type === "" ? "(no type)" : type };
}

/**
 * The release a flake.lock's nixpkgs input names: the root's `nixpkgs` input (a node, or a
 * `follows` path resolved from the root), read from the node's `original`.
 */
export function readFlakeLock(text: string, file: string): SourceReading {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return unreadable(file, "(file)", "not-json", { problem: "parse-error", message: (e as Error).message.split("\n")[0]! });
  }
  if (!isObject(data)) return unreadable(file, "(top level)", "wrong-type", wrong(data, "object"));
  const nodes = data.nodes;
  if (!isObject(nodes)) return unreadable(file, "nodes", "wrong-type", wrong(nodes, "object"));
  if (data.root !== undefined && typeof data.root !== "string") return unreadable(file, "root", "wrong-type", wrong(data.root, "string"));
  const rootName = (data.root as string | undefined) ?? "root";
  const root = nodes[rootName];
  if (!isObject(root)) return unreadable(file, `nodes.${rootName}`, "wrong-type", wrong(root, "object"));
  if (root.inputs === undefined) return none();
  if (!isObject(root.inputs)) return unreadable(file, `nodes.${rootName}.inputs`, "wrong-type", wrong(root.inputs, "object"));
  if (root.inputs.nixpkgs === undefined) return none();

  // An input is a node name, or a follows path from the root (whose steps may themselves follow).
  const resolve = (ref: unknown, key: string, depth: number): string | SourceReading => {
    if (typeof ref === "string") return ref;
    if (!Array.isArray(ref) || ref.length === 0 || depth > 32) return unreadable(file, key, "wrong-type", wrong(ref, "node-or-follows"));
    let node: Json = root;
    let name = rootName;
    for (const [i, step] of ref.entries()) {
      if (typeof step !== "string") return unreadable(file, key, "wrong-type", wrong(step, "input-name", i));
      const inputs = node.inputs;
      if (!isObject(inputs) || inputs[step] === undefined)
        return unreadable(file, key, "wrong-type", { problem: "no-such-input", follows: [...ref], node: name, input: step });
      const next = resolve(inputs[step], `nodes.${name}.inputs.${step}`, depth + 1);
      if (typeof next !== "string") return next;
      const found = nodes[next];
      if (!isObject(found)) return unreadable(file, `nodes.${next}`, "wrong-type", wrong(found, "object"));
      node = found;
      name = next;
    }
    return name;
  };
  const inputKey = `nodes.${rootName}.inputs.nixpkgs`;
  const nodeName = resolve(root.inputs.nixpkgs, inputKey, 0);
  if (typeof nodeName !== "string") return nodeName;
  const node = nodes[nodeName];
  if (!isObject(node)) return unreadable(file, `nodes.${nodeName}`, "wrong-type", wrong(node, "object"));
  if (!isObject(node.original)) return unreadable(file, `nodes.${nodeName}.original`, "wrong-type", wrong(node.original, "object"));
  const input = nodeName === "nixpkgs" ? "nixpkgs" : `nixpkgs (node ${nodeName})`;
  const named = describe(node.original, isObject(node.locked) ? node.locked : null);
  if (named.notNixpkgs !== null) return none([{ code: "flake-lock-no-release", file, input, found: { kind: "not-nixpkgs", source: named.notNixpkgs } }]);
  if (named.ref === null) {
    const rev = named.rev ?? (isObject(node.locked) ? (str(node.locked.rev) ?? "?") : "?");
    return none([{ code: "flake-lock-pinned", file, input, rev }]);
  }
  if (named.release === null) return none([{ code: "flake-lock-no-release", file, input, found: { kind: "not-a-release-branch", ref: named.ref } }]);
  return { release: named.release, source: { code: "flake-lock", file, input, form: named.form, ref: named.ref }, warnings: [] };
}

/** KEY=value lines (values optionally quoted, with \" \\ \$ \` escapes), as os-release(5) has them. */
function osReleaseFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Z0-9_]+)=(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    const q = v[0];
    if ((q === '"' || q === "'") && v.endsWith(q) && v.length >= 2) v = v.slice(1, -1);
    out.set(m[1]!, q === '"' ? v.replace(/\\([\\"$`])/g, "$1") : v);
  }
  return out;
}

/** Whether an os-release names NixOS (ID=nixos). */
export function isNixosOsRelease(text: string): boolean {
  return osReleaseFields(text).get("ID") === "nixos";
}

/**
 * The release of a NixOS host from its os-release: VERSION_ID (nixos/modules/misc/version.nix
 * writes VERSION_ID = release, BUILD_ID = release + suffix, whose "pre" marks unstable). Any other
 * ID is not NixOS and gives nothing, silently.
 */
export function readOsRelease(text: string, file: string): SourceReading {
  const fields = osReleaseFields(text);
  if (fields.get("ID") !== "nixos") return none();
  const versionId = fields.get("VERSION_ID");
  if (versionId === undefined || !/^\d\d\.\d\d$/.test(versionId))
    return unreadable(
      file,
      "VERSION_ID",
      "wrong-type",
      versionId === undefined ? { problem: "missing" } : { problem: "not-a-release", value: versionId.slice(0, 40), expected: "YY.MM" },
    );
  const release = /^\d\d\.\d\dpre/.test(fields.get("BUILD_ID") ?? "") ? "unstable" : versionId;
  if (!RELEASE_NAME.test(release))
    return unreadable(file, "VERSION_ID", "wrong-type", { problem: "not-a-release", value: versionId, expected: "YY.05-or-YY.11" });
  return { release, source: { code: "os-release", file, versionId }, warnings: [] };
}

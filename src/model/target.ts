// What the report judged against, as data: the nixpkgs release, where that choice came from, the
// release's facts with the nixpkgs sources they were read in, and what is doubtful about them.
// Words for all of it are in src/render/words/.

/** How a flake.lock names its nixpkgs: the input's `original` (or, for FlakeHub, its locked URL). */
export type FlakeRefForm = "github" | "git" | "tarball" | "flakehub" | "indirect" | "path" | "other";

/** Where the release came from, in the order they are consulted. */
export type TargetSource =
  | { code: "option" }
  | { code: "config"; file: string }
  | { code: "flake-lock"; file: string; input: string; form: FlakeRefForm; ref: string }
  | { code: "os-release"; file: string; versionId: string }
  | { code: "default" };

export type TargetSourceCode = TargetSource["code"];

/** What made a file unusable as a source (the scan goes on with the next one). */
export type UnreadableReason = "too-large" | "binary" | "not-json" | "wrong-type" | "read-failed";

/** What a JSON value turned out to be. */
export type ValueKind = "missing" | "null" | "array" | "object" | "string" | "number" | "boolean" | "other";

/** Exactly what was wrong with a source file or the value at its key. */
export type SourceProblem =
  /** The system refused to open or read it: its error code (or message). */
  | { problem: "system-error"; error: string }
  | { problem: "not-regular-file" }
  /** `size` null: it kept growing past the cap while it was read. */
  | { problem: "over-cap"; size: number | null; cap: number }
  | { problem: "nul-bytes" }
  | { problem: "not-utf8" }
  /** The JSON parser's own message. */
  | { problem: "parse-error"; message: string }
  /** `step`: the position in a follows path, when the wrong value is one of its steps. */
  | { problem: "wrong-type"; found: ValueKind; expected: "object" | "string" | "node-or-follows" | "input-name"; step?: number }
  | { problem: "missing" }
  | { problem: "no-such-input"; follows: string[]; node: string; input: string }
  /** `value`: at most 40 characters of it. */
  | { problem: "not-a-release"; value: string; expected: "YY.MM" | "YY.05-or-YY.11" };

/** A fact of the release that its data marks as not confirmed in a nixpkgs source. */
export type ReleaseFactName = "exists" | "glibc" | "defaultGcc" | "released" | "endOfLife" | "attributes";

export type TargetWarning =
  /** A release-shaped name the data does not know: judged as the nearest known one. */
  | { code: "release-unknown"; name: string; nearest: string; from: TargetSourceCode }
  /** The release's end of life is before today. */
  | { code: "release-end-of-life"; release: string; endOfLife: string }
  /** A fact used for this release is a belief, not read in nixpkgs for it. */
  | { code: "fact-unconfirmed"; release: string; fact: ReleaseFactName; value: string; source: string }
  /** The flake.lock's nixpkgs is a commit with no branch: which release it is cannot be told. */
  | { code: "flake-lock-pinned"; file: string; input: string; rev: string }
  /** The flake.lock's nixpkgs input names no release (another repository, an unknown branch). */
  | {
      code: "flake-lock-no-release";
      file: string;
      input: string;
      found: { kind: "not-nixpkgs"; source: string } | { kind: "not-a-release-branch"; ref: string };
    }
  /** The file could not be used (the key that was wrong, "(file)" for the whole file). */
  | { code: "source-unreadable"; file: string; key: string; reason: UnreadableReason; detail: SourceProblem };

export type TargetWarningCode = TargetWarning["code"];

export const TARGET_SOURCE_CODES = ["option", "config", "flake-lock", "os-release", "default"] as const satisfies readonly TargetSourceCode[];
export const TARGET_WARNING_CODES = [
  "release-unknown",
  "release-end-of-life",
  "fact-unconfirmed",
  "flake-lock-pinned",
  "flake-lock-no-release",
  "source-unreadable",
] as const satisfies readonly TargetWarningCode[];

/** A release fact as reported: its value, the nixpkgs source it was read in, and whether it was confirmed there. */
export interface TargetFact {
  value: string | null;
  source: string;
  confirmed: boolean;
}

export interface TargetReport {
  release: string;
  releaseSource: TargetSource;
  system: string;
  glibc: TargetFact;
  defaultGcc: TargetFact;
  /** Release month (YYYY-MM), null for unstable. */
  released: TargetFact;
  endOfLife: TargetFact;
  warnings: TargetWarning[];
}

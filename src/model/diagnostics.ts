// What the analysis found, as data: each problem, edge note, acceptance and fix is a code from a
// closed set with its facts. Nothing here is a sentence: src/render/words.ts turns codes and facts
// into words, once, for every output. The codes are part of the JSON and SARIF contract (README,
// "Codes").

/** Why ld.so rejected a candidate file and stopped the search (glibc's own checks, in its order). */
export type CandidateRejection =
  | "file-too-short"
  | "invalid-elf-header"
  | "unsupported-encoding-or-abi"
  | "not-dyn-or-exec"
  | "no-load-segments"
  | "no-dynamic-section"
  | "executable"
  | "pie-executable"
  | "unreadable";

/** A fact about one dependency edge that the edge's status alone does not say. */
export type EdgeNote =
  | { code: "candidate-rejected"; reason: CandidateRejection; message: string | null }
  | { code: "token-without-value" }
  | { code: "relative-path"; nextToObject: string }
  | { code: "nix-store-path" };

/** One reason a file will not run (or will not run as it is) on the target. */
export type AnalysisProblem =
  | { code: "search-stopped"; name: string; candidate: string | null; note: EdgeNote | null }
  | { code: "token-without-value"; name: string; where: "name" | "search-path" }
  | { code: "bundled-version-missing"; requester: string; file: string; version: string; provider: string }
  | { code: "libraries-missing"; names: string[] }
  | { code: "glibc-too-old"; version: string; release: string; targetGlibc: string }
  | { code: "cwd-only"; names: string[] }
  | { code: "interpreter-missing"; interpreter: string }
  | { code: "interpreter-nonstandard"; interpreter: string }
  | { code: "bundles-glibc"; names: string[] }
  | { code: "foreign-build"; os: string | null; machine: string; elfClass: number; endian: string; osAbi: string; target: string }
  | { code: "musl-linked" }
  | { code: "damaged-elf"; elfCode: string; message: string };

export type AnalysisProblemCode = AnalysisProblem["code"];

/** Why a finding does not fail the run. */
export type Acceptance = { code: "declared-environment"; attrs: string[]; nixLd: boolean } | { code: "accept-rule"; reason: string } | { code: "baseline" };

/** The next step for a finding, as data. */
export type Fix =
  | {
      code: "add-libraries";
      /** Where the libraries go: nix-ld/devShell for executables, the loading process for shared objects. */
      scope: "nix-ld" | "loading-process";
      attrs: string[];
      /** Missing names no table row maps (look them up). */
      unmapped: string[];
      /** GPU driver libraries (hardware.graphics). */
      drivers: string[];
    }
  | { code: "provide-interpreter" }
  | { code: "newer-nixpkgs" }
  | { code: "glibc-build" }
  | { code: "fix-search-path" }
  | { code: "rebuild-broken" }
  | { code: "replace-damaged-file" }
  | { code: "portable-shebang"; replacement: string }
  | { code: "check-access" };

export type FixCode = Fix["code"];

/** Fails at compile time when a switch over a closed set misses a member. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

// Which NixOS the report judges: the first source that names a release, in a fixed order
// (--nixpkgs, the config's "nixpkgs", the project's flake.lock, the host's os-release on NixOS, the
// built-in default), with the release's facts and what is doubtful about them. Pure: the sources
// are read by the caller (src/io/target-facts.ts), lazily, so a source is read only when needed.
import { DEFAULT_RELEASE, nearestRelease, releaseFacts } from "../loader/profiles.js";
import type { ReleaseFactName, TargetReport, TargetSource, TargetWarning } from "../model/target.js";
import type { SourceReading } from "./target-source.js";

export interface TargetInputs {
  /** --nixpkgs (or the library's option). */
  option: string | null;
  /** The config file's "nixpkgs" and the file it is in. */
  config: { release: string; file: string } | null;
  flakeLock: () => SourceReading;
  osRelease: () => SourceReading;
  system: string;
  /** Today, as an ISO date (YYYY-MM-DD), for end-of-life warnings. */
  today: string;
}

/** Facts that change a verdict or a mapping: a warning whenever one of them is unconfirmed. */
const JUDGING_FACTS: readonly ReleaseFactName[] = ["exists", "glibc", "defaultGcc", "attributes"];

export function chooseTarget(inputs: TargetInputs): TargetReport {
  const warnings: TargetWarning[] = [];
  let chosen: { name: string; source: TargetSource } | null = null;
  if (inputs.option !== null) chosen = { name: inputs.option, source: { code: "option" } };
  else if (inputs.config !== null) chosen = { name: inputs.config.release, source: { code: "config", file: inputs.config.file } };
  else {
    for (const read of [inputs.flakeLock, inputs.osRelease]) {
      const r = read();
      warnings.push(...r.warnings);
      if (r.release !== null && r.source !== null) {
        chosen = { name: r.release, source: r.source };
        break;
      }
    }
  }
  const source: TargetSource = chosen?.source ?? { code: "default" };
  let release = DEFAULT_RELEASE;
  if (chosen !== null) {
    const near = nearestRelease(chosen.name);
    if (near === null) throw new Error(`not a release name: ${JSON.stringify(chosen.name)}`);
    if (!near.known) warnings.push({ code: "release-unknown", name: chosen.name, nearest: near.release, from: source.code });
    release = near.release;
  }
  const facts = releaseFacts(release);
  for (const name of JUDGING_FACTS) {
    const f = facts[name];
    if (!f.confirmed) warnings.push({ code: "fact-unconfirmed", release, fact: name, value: String(f.value), source: f.source });
  }
  if (facts.endOfLife.value !== null && inputs.today > facts.endOfLife.value)
    warnings.push({ code: "release-end-of-life", release, endOfLife: facts.endOfLife.value });
  return {
    release,
    releaseSource: source,
    system: inputs.system,
    glibc: { ...facts.glibc },
    defaultGcc: { ...facts.defaultGcc },
    released: { ...facts.released },
    endOfLife: { ...facts.endOfLife },
    warnings,
  };
}

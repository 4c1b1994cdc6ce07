// Words for findings as a whole: the fix for each, the short forms the table shows, acceptances, config warnings.
import type { Acceptance, ConfigWarning, EnvVariable, Fix } from "../../model/diagnostics.js";
import { unreachable } from "../../model/diagnostics.js";
import type { FindingProblem } from "../../model/finding-list.js";
import { list, some } from "./common.js";
import { nixpkgsSettings, versionFallbackText } from "./packages.js";

export function fixText(fix: Fix): string {
  switch (fix.code) {
    case "add-libraries": {
      const where =
        fix.scope === "nix-ld" ? "programs.nix-ld.libraries or your devShell" : "LD_LIBRARY_PATH for the process that loads it (or patch its RUNPATH)";
      const parts = [
        fix.attrs.length > 0 ? `add ${fix.attrs.map((x) => `pkgs.${x}`).join(", ")} to ${where}` : "",
        fix.unmapped.length > 0 ? `find a package for ${list(fix.unmapped)} (nix-locate --whole-name /lib/NAME)` : "",
        fix.drivers.length > 0
          ? `${list(fix.drivers)} come${fix.drivers.length === 1 ? "s" : ""} from the GPU driver (hardware.graphics.enable = true; addDriverRunpath in a derivation)`
          : "",
      ];
      return parts.filter(Boolean).join("; ");
    }
    case "provide-interpreter":
      return "enable programs.nix-ld, or run it through nix-alien, or patchelf --set-interpreter";
    case "newer-nixpkgs":
      return "use a newer nixpkgs (--nixpkgs to check), or an older build of this binary";
    case "glibc-build":
      return "use a glibc build of it, or pkgsMusl";
    case "baseline-build":
      return "run it on a CPU of that level only, or ship the library outside glibc-hwcaps/ too";
    case "rebuild-broken":
      return "the binary or its bundle is broken on any distribution; get a fixed build";
    case "replace-damaged-file":
      return "the file is damaged or truncated: re-download or rebuild it";
    case "portable-shebang":
      return `use ${fix.replacement}, or patchShebangs in a derivation`;
    case "check-access":
      return "check permissions, or exclude it with an ignore glob";
    case "build-addon":
      return `build it: npm rebuild ${fix.package} in a shell with python3, make, a C++ compiler and the libraries its binding.gyp links (a devShell)${variablesText(fix.variables)}`;
    case "run-install-script":
      return `run its install script (cd ${fix.dir} && ${fix.script})${variablesText(fix.variables)}`;
    case "match-nixpkgs-version":
      return versionFallbackText(fix);
    case "install-optional":
      return `install its optional dependencies (npm install --include=optional, or a lock file that lists ${fix.optional})${variablesText(fix.variables)}`;
    case "set-variable": {
      const valued = fix.variables.filter((v) => v.nixpkgs !== null);
      const path = fix.variables.filter((v) => v.use === "binary-path").map((v) => v.name);
      return valued.length > 0
        ? `point it at the nixpkgs build of the same version: ${nixpkgsSettings(valued)} (--emit shell sets it)`
        : `point ${path.length > 0 ? list(path) : "its variable"} at a build of the same version`;
    }
    default:
      return unreachable(fix);
  }
}

/** The variables that point a package at a binary from elsewhere, for a fix's words. */
export function variablesText(vars: readonly EnvVariable[]): string {
  const valued = vars.filter((v) => v.nixpkgs !== null);
  const path = vars.filter((v) => v.use === "binary-path").map((v) => v.name);
  const skip = vars.filter((v) => v.use === "skip-download").map((v) => v.name);
  const parts = [
    valued.length > 0
      ? `, or point it at a nixpkgs build of the same version: ${nixpkgsSettings(valued)}`
      : path.length > 0
        ? `, or point it at a nixpkgs build with ${path.join(" or ")}`
        : "",
    skip.length > 0 ? ` (${skip.join(", ")} skips the download)` : "",
  ];
  return parts.join("");
}

/** A few words for the table's fix column. */
export function fixBrief(fix: Fix): string {
  switch (fix.code) {
    case "add-libraries": {
      const parts = [
        fix.attrs.length > 0 ? `add ${list(fix.attrs)}` : "",
        fix.unmapped.length > 0 ? `look up ${fix.unmapped.length === 1 ? fix.unmapped[0] : `${fix.unmapped.length} libraries`}` : "",
        fix.drivers.length > 0 ? "GPU driver" : "",
      ];
      return parts.filter(Boolean).join("; ") || "add libraries";
    }
    case "provide-interpreter":
      return "nix-ld";
    case "newer-nixpkgs":
      return "newer nixpkgs";
    case "glibc-build":
      return "glibc build";
    case "baseline-build":
      return "baseline library copy";
    case "rebuild-broken":
      return "get a fixed build";
    case "replace-damaged-file":
      return "re-download";
    case "portable-shebang":
      return fix.replacement;
    case "check-access":
      return "check permissions";
    case "build-addon":
      return `npm rebuild ${fix.package}`;
    case "run-install-script": {
      const path = fix.variables.find((v) => v.use === "binary-path");
      return path ? `run ${fix.script}, or set ${path.name}` : `run ${fix.script}`;
    }
    case "match-nixpkgs-version":
      return `${fix.package}@${fix.nixpkgsVersion ?? `${fix.attr}'s version`}, or nixpkgs with ${fix.attr} ${fix.npmVersion}`;
    case "install-optional": {
      const path = fix.variables.find((v) => v.use === "binary-path");
      return path ? `npm install --include=optional, or set ${path.name}` : "npm install --include=optional";
    }
    case "set-variable": {
      const path = fix.variables.find((v) => v.use === "binary-path");
      return `set ${path ? path.name : "its variable"}`;
    }
    default:
      return unreachable(fix);
  }
}

export function acceptanceText(acceptance: Acceptance): string {
  switch (acceptance.code) {
    case "declared-environment":
      return `covered by the declared environment${acceptance.attrs.length > 0 ? ` (${list(acceptance.attrs)})` : ""}${acceptance.nixLd ? " and nix-ld" : ""}`;
    case "accept-rule":
      return `accepted: ${acceptance.reason}`;
    case "baseline":
      return "in the baseline";
    default:
      return unreachable(acceptance);
  }
}

/** One line per code for SARIF rules and the README's list. */
export const FINDING_RULES: Readonly<Record<string, string>> = {
  "needs-libraries": "Shared libraries the binary needs are not available on NixOS",
  "needs-interpreter": "The binary's FHS program interpreter does not exist on NixOS",
  "needs-newer-glibc": "The binary needs a newer glibc than the target NixOS release has",
  "foreign-libc": "The binary is linked against musl and cannot run on a glibc system",
  "broken-on-any-system": "The binary or its bundled libraries are broken on any distribution",
  "cpu-dependent": "A library is found only on CPUs of a glibc-hwcaps level",
  unparseable: "The ELF file is damaged",
  "script-interpreter": "The script's #! interpreter path does not exist on NixOS",
  "addon-not-built": "A native npm package has a binding.gyp and no compiled addon",
  "no-prebuild-for-platform": "A native npm package ships prebuilds for other platforms only",
  "binary-not-downloaded": "The binary an npm package's install script downloads is absent",
  "placeholder-bin": "An npm package's bin entry is the placeholder its install script replaces",
  "platform-package-missing": "An npm package's per-platform optional dependency for this system is not installed",
  "browser-revision-mismatch": "The browsers directory a variable names holds other revisions than the npm package needs",
  "nixpkgs-version-mismatch": "A variable points an npm package at a nixpkgs build of another version than it needs",
  "binaries-missing-outside": "What an npm package keeps outside the tree (a browser or app cache) is not where its code looks",
  "binary-not-in-tree": "A binary an npm package looks for in the tree, and cannot download on NixOS, is not there",
};

export function configWarningText(warning: ConfigWarning): string {
  const hints = [
    ...(warning.knownFor.length > 0 ? [`it is known for nixpkgs ${warning.knownFor.join(", ")}`] : []),
    ...(warning.near.length > 0 ? [`did you mean ${warning.near.join(", ")}?`] : []),
  ];
  return (
    `${warning.file}: "provides" names ${JSON.stringify(warning.attr)}, which nix-bincheck does not know as a nixpkgs ${warning.release} attribute` +
    `${hints.length > 0 ? ` (${hints.join("; ")})` : ""}; fix the name, or keep it if your environment has it (--list-attributes lists the names nix-bincheck prints)`
  );
}

/** What is wrong, in a few words, for the table's column. */
export function problemBrief(findingProblem: FindingProblem): string {
  switch (findingProblem.code) {
    case "libraries-missing":
      return `missing ${some(findingProblem.names)}`;
    case "libraries-missing-partly":
      return `missing ${some(findingProblem.names)} (${findingProblem.covered.length} declared)`;
    case "interpreter-missing":
      return `no ${findingProblem.interpreter}`;
    case "interpreter-nonstandard":
      return `loader ${findingProblem.interpreter}`;
    case "glibc-too-old":
      return `needs ${findingProblem.version} (target glibc ${findingProblem.targetGlibc})`;
    case "cwd-relative":
      return `also looked up in the current directory: ${some(findingProblem.names)}`;
    case "cpu-dependent":
      return `${some(findingProblem.names)} only in glibc-hwcaps/${findingProblem.level}`;
    case "provided-where-loaded":
      return `${some(findingProblem.names)} from its loaders`;
    case "platform-dependent":
      return `${some(findingProblem.names)} via $PLATFORM=${findingProblem.assumed}`;
    case "search-stopped":
      return `${findingProblem.name}: search stopped at a bad candidate`;
    case "token-without-value":
      return `${findingProblem.name}: token without a value`;
    case "bundled-version-missing":
      return `${findingProblem.file} lacks ${findingProblem.version}`;
    case "bundles-glibc":
      return `bundles ${some(findingProblem.names)}`;
    case "foreign-build":
      return `built for ${findingProblem.os ?? findingProblem.machine}`;
    case "musl-linked":
      return "linked against musl";
    case "damaged-elf":
      return findingProblem.elfCode;
    case "elf-errors":
      return findingProblem.errors.map((e) => e.code).join(", ");
    case "script-interpreter":
      return `#!${findingProblem.interpreter}`;
    case "scan-problem":
      return findingProblem.problemCode;
    case "verdict-only":
      return "";
    case "addon-not-built":
      return "addon never built";
    case "no-prebuild-for-platform":
      return `no prebuild for ${findingProblem.platform}`;
    case "binary-not-downloaded":
      return "binary never downloaded";
    case "placeholder-bin":
      return `${some(findingProblem.bins)} placeholder${findingProblem.bins.length === 1 ? "" : "s"}`;
    case "nixpkgs-version-mismatch":
      return `${findingProblem.variable}: nixpkgs ${findingProblem.nixpkgsVersion}, npm ${findingProblem.npmVersion}`;
    case "platform-package-missing":
      return `no ${findingProblem.expected}`;
    case "browser-revision-mismatch":
      return `${findingProblem.variable}: ${some(findingProblem.found)}, not ${some(findingProblem.wanted)}`;
    case "binaries-missing-outside":
      return `no ${findingProblem.what} in ${findingProblem.location}`;
    case "binary-not-in-tree":
      return `no ${findingProblem.file}`;
    default:
      return unreachable(findingProblem);
  }
}

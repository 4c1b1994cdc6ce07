// Findings as one flat list of coded items: what SARIF, GitHub annotations, the short hook format and
// baselines all consume. Text is built here once; renderers only lay it out.
import { attrBySoname } from "../nixpkgs/select.js";
import { isFinding } from "./findings.js";
import type { ScanReport } from "./report.js";

export interface FindingItem {
  /** A verdict (needs-libraries, ...), "script-interpreter", or a walk/ELF problem code. */
  code: string;
  level: "error" | "warning";
  path: string;
  /** Missing sonames (sorted), for baselines and messages. */
  missing: string[];
  message: string;
  /** The next step, in one line. */
  fix: string;
}

export function listFindings(r: ScanReport): FindingItem[] {
  const out: FindingItem[] = [];
  const attrFor = attrBySoname(r.mapping);
  const drivers = new Set((r.mapping?.drivers ?? []).map((d) => d.soname));
  for (const f of r.files) {
    if (!isFinding(f)) continue;
    const a = f.analysis;
    if (!a) {
      const e = f.errors[0];
      out.push({
        code: e?.code ?? "unparseable",
        level: "error",
        path: f.path,
        missing: [],
        message: f.errors.map((x) => x.message).join("; "),
        fix: "the file is damaged or truncated: re-download or rebuild it",
      });
      continue;
    }
    const covered = new Set(f.coveredMissing ?? []);
    const lacking = a.missing.filter((m) => !covered.has(m));
    const attrs = [...new Set(lacking.map((s) => attrFor.get(s)).filter((x): x is string => x !== undefined))].sort();
    const fix = fixFor(
      a.verdict,
      a.role,
      attrs,
      lacking.filter((m) => !drivers.has(m) && !attrFor.has(m)),
      lacking.filter((m) => drivers.has(m)),
    );
    const message =
      a.verdict === "needs-libraries" && lacking.length > 0
        ? `missing on NixOS: ${lacking.join(", ")}${covered.size > 0 ? ` (${[...covered].join(", ")} covered by the declared environment)` : ""}`
        : (a.problems[0] ?? a.verdict);
    out.push({ code: a.verdict, level: a.verdict === "cwd-dependent" ? "warning" : "error", path: f.path, missing: a.missing, message, fix });
  }
  for (const s of r.scripts) {
    if (s.accepted !== undefined) continue;
    out.push({
      code: "script-interpreter",
      level: "error",
      path: s.path,
      missing: [],
      message: `#!${s.interpreter} does not exist on NixOS`,
      fix: `use ${s.fix}, or patchShebangs in a derivation`,
    });
  }
  for (const p of r.problems)
    out.push({ code: p.code, level: "warning", path: p.path, missing: [], message: p.message, fix: "check permissions, or exclude it with an ignore glob" });
  return out;
}

/** The next step for one finding: packages to add, sonames to look up, driver libraries to enable. */
function fixFor(verdict: string, role: string, attrs: string[], unmapped: string[], driver: string[]): string {
  switch (verdict) {
    case "needs-libraries": {
      const where =
        role === "executable" ? "programs.nix-ld.libraries or your devShell" : "LD_LIBRARY_PATH for the process that loads it (or patch its RUNPATH)";
      const parts = [
        attrs.length > 0 ? `add ${attrs.map((x) => `pkgs.${x}`).join(", ")} to ${where}` : "",
        unmapped.length > 0 ? `find a package for ${unmapped.join(", ")} (nix-locate --whole-name /lib/NAME)` : "",
        driver.length > 0
          ? `${driver.join(", ")} come${driver.length === 1 ? "s" : ""} from the GPU driver (hardware.graphics.enable = true; addDriverRunpath in a derivation)`
          : "",
      ];
      return parts.filter(Boolean).join("; ");
    }
    case "needs-interpreter":
      return "enable programs.nix-ld, or run it through nix-alien, or patchelf --set-interpreter";
    case "needs-newer-glibc":
      return "use a newer nixpkgs (--nixpkgs to check), or an older build of this binary";
    case "foreign-libc":
      return "use a glibc build of it, or pkgsMusl";
    case "cwd-dependent":
      return "fix its RPATH/RUNPATH (patchelf --set-rpath '$ORIGIN/...')";
    default:
      return "the binary or its bundle is broken on any distribution; get a fixed build";
  }
}

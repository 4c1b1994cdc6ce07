// The CLI proper, with its world passed in (streams, env, cwd) so tests can drive it in-process.
import { analyseReport } from "../scan/analyse.js";
import { collect, ScanRootError } from "../scan/scan.js";
import { findingCount } from "../model/findings.js";
import { renderJson } from "../render/json.js";
import { renderTable } from "../render/table.js";
import { systemForArch } from "../loader/profiles.js";
import { hostFromArgument, HostError } from "../scan/host.js";
import { HELP, parseCli, UsageError } from "./args.js";
import { VERSION } from "../version.js";
import { mapReport } from "../nixpkgs/select.js";
import { nixLocate, nixLocateCommand } from "../io/nix-locate.js";

export interface World {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  arch: string;
}

export function run(argv: string[], w: World): number {
  try {
    const o = parseCli(argv);
    if (o.help) {
      w.stdout.write(HELP);
      return 0;
    }
    if (o.version) {
      w.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const system = o.system ?? systemForArch(w.arch);
    if (system === null) throw new UsageError(`this machine's architecture (${w.arch}) has no NixOS profile; pass --system x86_64-linux, aarch64-linux or i686-linux`);
    const progress = !o.quiet && w.stderr.isTTY === true ? progressLine(w.stderr) : null;
    const collected = collect(o.paths, { allFiles: o.allFiles, ...(progress ? { onProgress: progress.update } : {}) });
    progress?.done();
    const report = o.resolve
      ? analyseReport(collected, { system, nixpkgs: o.nixpkgs, addonHost: hostFromArgument(o.host, system, w.cwd), buildHostPass: o.hostPass, cwd: w.cwd })
      : collected.report;
    if (o.resolve) {
      report.mapping = mapReport(report, {
        release: o.nixpkgs,
        system,
        prefer: o.prefer,
        ...(o.nixLocate ? { locate: (s: string) => nixLocate(s, w.env) } : {}),
        locateCommand: (s) => nixLocateCommand(s).join(" "),
      });
    }
    const color = o.color ?? (w.stdout.isTTY === true && !("NO_COLOR" in w.env && w.env.NO_COLOR !== ""));
    w.stdout.write(o.format === "json" ? renderJson(report) : renderTable(report, { color, verbose: o.verbose }));
    return findingCount(report) > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScanRootError || e instanceof HostError) {
      w.stderr.write(`nix-bincheck: error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** A single self-overwriting status line on a terminal's stderr, at most ten updates a second. */
function progressLine(err: NodeJS.WritableStream) {
  let last = 0;
  let shown = false;
  return {
    update: (files: number, elf: number) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      err.write(`\r\x1b[Kscanning: ${files} files, ${elf} ELF`);
    },
    done: () => {
      if (shown) err.write("\r\x1b[K");
    },
  };
}

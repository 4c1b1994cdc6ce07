// The bench's time breakdown: one `--cpu-prof` run of nix-bincheck, its samples attributed to the
// stage they were taken in, by the names of the functions on the stack (esbuild keeps them).
//   walk    listing directories (walkDir, readdir)         sniff   open + first read + classify a candidate
//   parse   ELF headers of scanned files (parseElf)        scan    the rest of collect(): packages, sorting
//   resolve the loader emulation (analyseReport)           map     soname -> nixpkgs (mapReport)
//   render  the chosen output                               gc      the garbage collector
//   start   loading our modules, reading config, the rest  (Node's own start-up is not sampled)
import fs from "node:fs";

const STAGES = Object.assign(Object.create(null), {
  collect: "scan",
  analyseReport: "resolve",
  mapReport: "map",
  renderJson: "render",
  renderTable: "render",
  renderSarif: "render",
  renderShort: "render",
  renderGithub: "render",
  jsonChunks: "render",
  writeChunks: "render",
});
const IN_SCAN = Object.assign(Object.create(null), { walkDir: "walk", walkRoot: "walk", inspectFile: "sniff", onFile: "sniff", parseElf: "parse" });
export const ORDER = ["start", "walk", "sniff", "parse", "scan", "resolve", "map", "render", "gc"];

/** Milliseconds per stage from a .cpuprofile file. */
export function breakdown(file) {
  const p = JSON.parse(fs.readFileSync(file, "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOf = new Map();
  const classify = (id) => {
    if (stageOf.has(id)) return stageOf.get(id);
    const chain = [];
    for (let x = id; x !== undefined; x = parent.get(x)) chain.push(byId.get(x).callFrame.functionName);
    let stage = chain[0] === "(garbage collector)" ? "gc" : "start";
    // The outermost stage function decides; inside collect(), the innermost walk/sniff/parse function.
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = STAGES[chain[i]];
      if (s) {
        stage = s;
        if (s === "scan")
          for (let j = 0; j < i; j++)
            if (IN_SCAN[chain[j]]) {
              stage = IN_SCAN[chain[j]];
              break;
            }
        break;
      }
    }
    stageOf.set(id, stage);
    return stage;
  };
  const ms = Object.fromEntries(ORDER.map((s) => [s, 0]));
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    if (n.callFrame.functionName === "(idle)") continue;
    ms[classify(p.samples[i])] += (p.timeDeltas[i] ?? 0) / 1000;
  }
  return ms;
}

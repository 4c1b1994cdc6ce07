// The one place where codes and facts become words (this folder): every renderer (table, short, GitHub, SARIF,
// JSON's messages, Nix comments) asks here. Switches are exhaustive over the closed sets in
// src/model/diagnostics.ts, so a new code does not compile until it has its words.
export * from "./analysis.js";
export * from "./files.js";
export * from "./findings.js";
export * from "./mapping.js";
export * from "./packages.js";
export * from "./target.js";

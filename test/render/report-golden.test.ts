// Every report format, compared whole with its golden file (rewritten only by `npm run test:golden:update`).
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPORT_CASES, reportGoldenOutputs } from "../support/report-cases.js";

const DIR = new URL("../golden/report/", import.meta.url).pathname;

describe("report formats match their golden files", () => {
  const outputs = reportGoldenOutputs();
  for (const name of Object.keys(REPORT_CASES)) {
    it(name, () => {
      const path = `${DIR}${name}`;
      expect(existsSync(path), `${path} is missing: run npm run test:golden:update`).toBe(true);
      expect(outputs.get(name)).toBe(readFileSync(path, "utf8"));
    });
  }
});

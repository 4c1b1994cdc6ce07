// Terminal styles through Node's own util.styleText (Node >= 20.12): no runtime dependency. The
// caller decides whether colour is on (a terminal, no NO_COLOR, or --color); off, every style is the
// identity. validateStream is off because that decision is already made: newer Node versions would
// otherwise drop the codes whenever standard output is not a terminal, and --color would do nothing.
import { styleText } from "node:util";

type Style = (text: string) => string;

export interface Colors {
  bold: Style;
  dim: Style;
  green: Style;
  red: Style;
  yellow: Style;
}

const plain: Style = (text) => text;
const DECIDED = { validateStream: false };

export function createColors(enabled: boolean): Colors {
  if (!enabled) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain };
  return {
    bold: (text) => styleText("bold", text, DECIDED),
    dim: (text) => styleText("dim", text, DECIDED),
    green: (text) => styleText("green", text, DECIDED),
    red: (text) => styleText("red", text, DECIDED),
    yellow: (text) => styleText("yellow", text, DECIDED),
  };
}

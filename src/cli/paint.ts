// Colours for the terminal output: on or off, decided by the caller (--color, --no-color, TTY, NO_COLOR).
import pc from "picocolors";
import { NO_PAINT, type Paint } from "../report/text-card.js";

export function paintOf(on: boolean): Paint {
  if (!on) return NO_PAINT;
  const p = pc.createColors(true);
  return { bold: p.bold, dim: p.dim, red: p.red, yellow: p.yellow, green: p.green, cyan: p.cyan };
}

// Test support for the decoder tests: the BounceMail a decoder sees, built from a fixture string.

import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import type { BounceMail } from "../types.js";

export function mailOf(raw: string): BounceMail {
  return createBounceMail(readMime(normalizeInput(raw)));
}

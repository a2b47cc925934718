// Test support for the group-C decoder tests: builds the BounceMail a decoder sees from a fixture string.

import { createBounceMail } from "../mail.js";
import { normalizeInput, readMime } from "../mime.js";
import type { BounceMail } from "../types.js";

export function mailOf(raw: string): BounceMail {
  return createBounceMail(readMime(normalizeInput(raw)));
}

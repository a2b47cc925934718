// The ordered list of bounce decoders. Order is priority: a decoder that recognises its format from the
// headers (`likely`) is tried first, then every decoder in this order; the first that finds a recipient wins.
// A new MTA format: add a file beside this one and put it in the list before the generic decoders.

import type { BounceDecoder } from "../types.js";
import { ARF } from "./arf.js";
import { GROUP_A } from "./registry-a.js";
import { GROUP_B } from "./registry-b.js";
import { GROUP_C } from "./registry-c.js";
import { GROUP_D } from "./registry-d.js";
import { GROUP_E } from "./registry-e.js";
import { RFC3464 } from "./rfc3464.js";
import { RFC3834 } from "./rfc3834.js";

/** MTA- and provider-specific decoders: most specific first. */
const SPECIFIC: readonly BounceDecoder[] = [...GROUP_C, ...GROUP_D, ...GROUP_E, ...GROUP_A, ...GROUP_B];

/** Generic formats, tried after every specific decoder. */
const GENERIC: readonly BounceDecoder[] = [ARF, RFC3464, RFC3834];

export const DECODERS: readonly BounceDecoder[] = [...SPECIFIC, ...GENERIC];

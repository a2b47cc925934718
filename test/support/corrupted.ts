// Inputs for robustness properties: a sample cut at a random place (its head and its tail) and spliced with
// random junk between two random places.
import fc from "fast-check";

/** For each run: three corrupted versions of one of the samples. */
export function corrupted(samples: readonly string[]): fc.Arbitrary<string[]> {
  return fc
    .tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(), fc.string({ maxLength: 40 }))
    .map(([sample, a, b, junk]) => {
      const i = a % (sample.length + 1);
      const j = b % (sample.length + 1);
      return [sample.slice(0, i), sample.slice(0, i) + junk + sample.slice(j), sample.slice(i)];
    });
}

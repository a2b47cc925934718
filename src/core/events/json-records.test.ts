import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type JsonRecordProblem, JsonRecordSplitter, type JsonRecordText } from "./json-records.js";

function split(chunks: readonly string[], max?: number): (JsonRecordText | JsonRecordProblem)[] {
  const s = new JsonRecordSplitter(max);
  const out: (JsonRecordText | JsonRecordProblem)[] = [];
  for (const c of chunks) s.push(c, out);
  s.end(out);
  return out;
}

const texts = (rs: (JsonRecordText | JsonRecordProblem)[]) => rs.map((r) => ("text" in r ? r.text : `!${r.problem}`));

describe("JsonRecordSplitter", () => {
  it("splits NDJSON, one top-level array, and concatenated values, with the line each record starts on", () => {
    expect(texts(split(['{"a":1}\n{"b":[1,2]}\n']))).toEqual(['{"a":1}', '{"b":[1,2]}']);
    const arr = split(['[\n  {"a": "x]"},\n  {"b": "}{"}\n]\n']);
    expect(texts(arr)).toEqual(['{"a": "x]"}', '{"b": "}{"}']);
    expect(arr.map((r) => r.line)).toEqual([2, 3]);
    expect(arr.map((r) => r.index)).toEqual([0, 1]);
    expect(texts(split(['{"a":1}{"b":2} 3 "s"']))).toEqual(['{"a":1}', '{"b":2}', "3", '"s"']);
  });

  it("keeps escaped quotes and backslashes inside strings", () => {
    expect(texts(split(['{"a":"q\\"}\\\\"}\n{"b":1}']))).toEqual(['{"a":"q\\"}\\\\"}', '{"b":1}']);
  });

  it("reports a record cut by the end of the input and one over the size limit, and goes on", () => {
    expect(texts(split(['{"a":1}\n{"b": [1, 2']))).toEqual(['{"a":1}', "!the input ends inside a JSON record"]);
    const out = split([`{"big":"${"x".repeat(100)}"}\n{"ok":1}`], 50);
    expect(texts(out)).toEqual(["!a JSON record over 50 characters", '{"ok":1}']);
  });

  it("gives the same records whatever the chunking (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), fc.array(fc.nat(40)), (values, cuts) => {
        const whole = JSON.stringify(values, null, 1);
        const chunks: string[] = [];
        let at = 0;
        for (const c of cuts) {
          chunks.push(whole.slice(at, at + c));
          at += c;
        }
        chunks.push(whole.slice(at));
        const records = split(chunks);
        expect(records.map((r) => ("text" in r ? JSON.parse(r.text) : r))).toEqual(
          values.map((v) => JSON.parse(JSON.stringify(v))),
        );
      }),
    );
  });
});

describe("JsonRecordSplitter on anything", () => {
  it("ends on every input, cut anywhere, and never throws (property)", () => {
    const alphabet = fc.constantFrom("[", "]", "{", "}", ",", '"', "\\", " ", "\n", "1", "a", ":");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }), fc.nat(10), (chars, cut) => {
        const text = chars.join("");
        const out = split([text.slice(0, cut), text.slice(cut)]);
        expect(out.length).toBeLessThanOrEqual(text.length + 1);
      }),
      { numRuns: 2000 },
    );
  });
});

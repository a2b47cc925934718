#!/usr/bin/env -S node --max-semi-space-size=4
// The bouncewise command: launches the compiled CLI (npm install / npm ci build dist/ through "prepare").
// The smaller young generation (4 MB semi-spaces instead of up to 16 MB) keeps `parse` on a multi-GB mbox some
// 50 MB lower at the same speed (measured with /usr/bin/time on a 400 MB mbox); `node bin/bouncewise.js` runs
// without it.
import "../dist/cli/run.js";

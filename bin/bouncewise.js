#!/usr/bin/env node
// The bouncewise command: launches the compiled CLI (npm install / npm ci build dist/ through "prepare").
import "../dist/cli/run.js";

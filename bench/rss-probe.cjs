// Preloaded into a child process by the benchmarks (node -r): prints the process's peak RSS when it exits.
process.on("exit", () => {
  process.stderr.write(`\nbench-maxrss-kb=${process.resourceUsage().maxRSS}\n`);
});

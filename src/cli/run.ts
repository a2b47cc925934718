// Process entry of the CLI: the only place that sets the exit code.
import { main } from "./main.js";

// A closed pipe (bouncewise ... | head) ends the run quietly, as other Unix tools do.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));

// Process entry of the CLI: the only place that sets the exit code.
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));

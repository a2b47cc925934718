// A process that runs `bouncewise serve` as the CLI will once it is wired (src/cli/main.ts): for the test that
// stops it with a signal.
import { Command } from "commander";
import { registerServeCommand } from "../../src/server/serve-command.js";

const program = new Command().name("bouncewise").exitOverride();
registerServeCommand(program, {
  stderr: process.stderr,
  write: (s) => process.stdout.write(s),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  usage: (message) => new Error(message),
});
try {
  await program.parseAsync(process.argv.slice(2), { from: "user" });
} catch (e) {
  process.stderr.write(`bouncewise: ${(e as Error).message}\n`);
  process.exitCode = 2;
}

/**
 * `npm start`: the command-line front end. A thin adapter: it wires the process's
 * streams, environment and the AWS adapters into {@link runCli} and sets the exit code.
 */
import { runCli } from './run-cli.js';
import { streamWriter } from './stream-writer.js';

const code = await runCli(process.argv.slice(2), {
  stdout: streamWriter(process.stdout),
  stderr: streamWriter(process.stderr),
  env: process.env,
  aws: async () => (await import('./aws-adapters.js')).createCliAwsAdapters(),
});
// exitCode, not exit(): let stdout drain; nothing else may keep the process alive.
process.exitCode = code;

/**
 * The command-line front end (`npx notion-monitor`, through bin/notion-monitor.mjs, and
 * `npm start`). A thin adapter: it wires the process's streams, working directory,
 * environment and the AWS adapters into {@link runCli} and sets the exit code.
 */
import { runCli } from './run-cli.js';
import { streamWriter } from './stream-writer.js';

// On Node 20 the AWS SDK prints a NodeVersionSupportWarning at its first client: its releases
// after early 2027 will need Node 22. This project supports Node 20 and pins its SDK version
// (README, "Node.js versions"), so the warning is nothing a user of the CLI can act on, and it
// lands in the middle of the output. The SDK's documented switch turns off that warning only
// (github.com/aws/aws-sdk-js-v3/issues/7983); every other warning still prints, and a value
// the user set is kept.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const code = await runCli(process.argv.slice(2), {
  stdout: streamWriter(process.stdout),
  stderr: streamWriter(process.stderr),
  env: process.env,
  cwd: process.cwd(),
  aws: async () => (await import('./aws-adapters.js')).createCliAwsAdapters(),
});
// exitCode, not exit(): let stdout drain; nothing else may keep the process alive.
process.exitCode = code;

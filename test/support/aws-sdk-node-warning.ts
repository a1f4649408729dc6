// vitest setup file (vitest.config.ts, setupFiles): runs in every test worker before its tests.
// The AWS SDK prints a NodeVersionSupportWarning on Node 20 at each process's first client;
// this project supports Node 20 knowingly (README, "Node.js versions"), so the tests turn that
// one warning off with the SDK's documented switch, as the CLI's entry does
// (functions/cli/main.ts). Every other warning still prints. Child processes inherit it; the
// test of the CLI's own switch (test/integration/entry-points.test.ts) removes it first.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

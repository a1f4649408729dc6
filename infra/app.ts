/**
 * `cdk deploy` entry. Picks the stage (`-c stage=prod`, default `dev`) and its config
 * file (`-c config=PATH`, default `infra/config/<stage>.json`, falling back to the
 * shipped example so a fresh clone synthesizes), and runs cdk-nag over the app.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppConfigError, readAppConfig } from './app-config.js';
import { NotionMonitorStack } from './monitor-stack.js';
import { NotionMonitorPropsError } from './resolve-props.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the app; tests call it with their own context. */
export function buildApp(app: App = new App()): { app: App; stack: NotionMonitorStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  if (!/^[A-Za-z][A-Za-z0-9-]{0,30}$/.test(stage))
    throw new AppConfigError(`stage "${stage}" must be letters, digits and dashes`);
  const explicit = app.node.tryGetContext('config') as string | undefined;
  const stageFile = join(here, 'config', `${stage}.json`);
  const path = explicit ?? (existsSync(stageFile) ? stageFile : join(here, 'config', 'example.json'));
  const stack = new NotionMonitorStack(app, `NotionMonitor-${stage}`, {
    config: readAppConfig(path),
    configSource: relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path),
    stage,
    description: `Notion integration monitor (${stage})`,
    env: cliEnvironment(),
  });
  if (explicit === undefined && !existsSync(stageFile)) {
    Annotations.of(stack).addWarningV2(
      'notion-monitor:example-config',
      `No infra/config/${stage}.json: deploying the example config. Copy infra/config/example.json to infra/config/${stage}.json and edit it.`,
    );
  }
  Tags.of(stack).add('notion-monitor:stage', stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** The account and Region the CDK CLI resolved, each only when it did (otherwise the stack is environment-agnostic). */
function cliEnvironment(): Environment {
  const { CDK_DEFAULT_ACCOUNT: account, CDK_DEFAULT_REGION: region } = process.env;
  return { ...(account !== undefined ? { account } : {}), ...(region !== undefined ? { region } : {}) };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // A config to fix, not a bug: its problems, without a stack trace to read past.
    if (!(error instanceof AppConfigError || error instanceof NotionMonitorPropsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}

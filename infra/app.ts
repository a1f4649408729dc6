/**
 * `cdk deploy` entry. Picks the stage (`-c stage=prod`, default `dev`) and its config
 * file (`-c config=PATH`, default `infra/config/<stage>.json`). Without a stage file it
 * synthesizes the shipped example, so a fresh clone synthesizes offline, but CloudFormation
 * refuses to deploy that template. Runs cdk-nag over the app.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppConfigError } from './app-config.js';
import { refuseDeployment } from './deploy-guard.js';
import { NotionMonitorStack } from './monitor-stack.js';
import { NotionMonitorPropsError } from './resolve-props.js';
import {
  createStageFileCommand,
  DEFAULT_STAGE,
  displayPath,
  EXAMPLE_STAGE_FILE,
  stageFileExists,
  stageFilePath,
  stageNameProblem,
} from './stage-file.js';
import { readStageSettings } from './stage-settings.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Builds the app; tests call it with their own context (and environment). */
export function buildApp(
  app: App = new App(),
  env: Env = process.env,
): { app: App; stack: NotionMonitorStack } {
  const stage = String(app.node.tryGetContext('stage') ?? DEFAULT_STAGE);
  const nameProblem = stageNameProblem(stage);
  if (nameProblem !== undefined) throw new AppConfigError(nameProblem);
  const explicit = app.node.tryGetContext('config') as string | undefined;
  const stageFile = stageFilePath(stage, env);
  const path = explicit ?? (stageFileExists(stage, env) ? stageFile : EXAMPLE_STAGE_FILE);
  const configSource = displayPath(path);
  const id = `NotionMonitor-${stage}`;
  const { config } = readStageSettings(path, stage, id, configSource);

  const stack = new NotionMonitorStack(app, id, {
    config,
    configSource,
    stage,
    description: `Notion integration monitor (${stage})`,
    env: cliEnvironment(),
  });
  if (resolve(path) === EXAMPLE_STAGE_FILE) {
    const why =
      explicit === undefined
        ? `there is no ${displayPath(stageFile)}`
        : `-c config names the shipped example, whose secrets are placeholders`;
    const message = `${id} uses the example config: ${why}. Create the stage file (${createStageFileCommand(stage, env)}), edit it, and deploy again.`;
    Annotations.of(stack).addWarningV2(
      'notion-monitor:example-config',
      `${message} cdk deploy will refuse it.`,
    );
    refuseDeployment(stack, message);
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

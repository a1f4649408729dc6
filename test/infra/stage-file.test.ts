import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { AppConfigError } from '../../infra/app-config.js';
import { DEPLOY_GUARD } from '../../infra/deploy-guard.js';
import { NotionMonitorPropsError } from '../../infra/resolve-props.js';
import { displayPath, EXAMPLE_STAGE_FILE, STAGE_DIR_ENV } from '../../infra/stage-file.js';
import { INTEGRATIONS, synth as synthMonitor } from './synth.js';

/** An empty folder of stage files: whatever the developer keeps in infra/config stays out of it. */
const emptyStageDir = (): Record<string, string> & { [STAGE_DIR_ENV]: string } => ({
  [STAGE_DIR_ENV]: mkdtempSync(join(tmpdir(), 'stages-')),
});

function stageDirWith(files: Record<string, unknown>): ReturnType<typeof emptyStageDir> {
  const env = emptyStageDir();
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(
      join(env[STAGE_DIR_ENV], `${name}.json`),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  }
  return env;
}

function synth(context: Record<string, unknown>, env: Record<string, string>) {
  const { stack } = buildApp(new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } }), env);
  return { stack, template: Template.fromStack(stack) };
}

type Expr = string | { readonly [fn: string]: readonly Expr[] | string };

/** Evaluates a rule assertion as CloudFormation does, for the functions the guard uses. */
function evaluate(expr: Expr, parameters: Record<string, string>): string | boolean {
  if (typeof expr === 'string') return expr;
  const [[fn, args]] = Object.entries(expr) as [[string, readonly Expr[] | string]];
  if (fn === 'Ref') return parameters[args as string] ?? `unknown parameter ${String(args)}`;
  const values = (args as readonly Expr[]).map((a) => evaluate(a, parameters));
  if (fn === 'Fn::Not') return !values[0];
  if (fn === 'Fn::Equals') return values[0] === values[1];
  throw new Error(`no evaluator for ${fn}`);
}

describe('a stage without its stage file synthesizes, but cannot deploy', () => {
  it('the template carries a rule CloudFormation can never satisfy, saying how to create the file', () => {
    const env = emptyStageDir();
    const { stack, template } = synth({ stage: 'prd' }, env);
    // The stage folder of this test, as the user would type it from here.
    const prd = displayPath(join(env[STAGE_DIR_ENV], 'prd.json'));
    const json = template.toJSON() as {
      Parameters: Record<string, { AllowedValues: string[]; Default: string }>;
      Rules: Record<string, { Assertions: { Assert: Expr; AssertDescription: string }[] }>;
    };
    const parameter = json.Parameters[DEPLOY_GUARD.parameter];
    const rule = json.Rules[DEPLOY_GUARD.rule];
    expect(parameter?.Default).toBe(DEPLOY_GUARD.value);
    expect(rule?.Assertions).toHaveLength(1);
    const [assertion] = rule?.Assertions ?? [];
    expect(assertion?.AssertDescription).toBe(
      `NotionMonitor-prd uses the example config: there is no ${prd}. Create the stage file (cp infra/config/example.json ${prd}), edit it, and deploy again.`,
    );
    // Every value CloudFormation accepts for the parameter fails the assertion.
    for (const value of parameter?.AllowedValues ?? []) {
      expect(evaluate(assertion?.Assert ?? '', { [DEPLOY_GUARD.parameter]: value })).toBe(false);
    }
    expect(parameter?.AllowedValues).toEqual([DEPLOY_GUARD.value]);
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('cdk deploy will refuse it'));
  });

  it('with the stage file in infra/config (here: the stage folder), neither rule nor parameter', () => {
    const { stack, template } = synth(
      { stage: 'prd' },
      stageDirWith({ prd: { integrations: [INTEGRATIONS[0]] } }),
    );
    const json = template.toJSON() as { Parameters: object; Rules: object };
    expect(Object.keys(json.Parameters)).not.toContain(DEPLOY_GUARD.parameter);
    expect(Object.keys(json.Rules)).not.toContain(DEPLOY_GUARD.rule);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('-c config naming the shipped example is refused the same way', () => {
    const { template } = synth({ stage: 'prod', config: EXAMPLE_STAGE_FILE }, emptyStageDir());
    template.templateMatches({
      Rules: {
        [DEPLOY_GUARD.rule]: {
          Assertions: [
            {
              AssertDescription: Match.stringLikeRegexp(
                '^NotionMonitor-prod uses the example config: -c config names the shipped example, whose secrets are placeholders. Create the stage file \\(cp .*example.json .*prod.json\\)',
              ),
            },
          ],
        },
      },
    });
  });
});

describe('a stage file with problems: every one at once, under the file’s keys', () => {
  it('shape problems and the construct’s checks together, without repeating a broken key with its default', () => {
    const env = stageDirWith({
      broken: {
        scheduleMinutes: 2,
        functionTimeoutSeconds: 150,
        memorySize: 512,
        namespace: 7,
        alarmEmails: 'oncall@example.com',
        colour: 'blue',
        integrations: [{ name: 'a', token: { env: 'NOTION_TOKEN' } }],
      },
    });
    let error: unknown;
    try {
      synth({ stage: 'broken' }, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotionMonitorPropsError);
    const file = displayPath(join(env[STAGE_DIR_ENV], 'broken.json'));
    expect((error as Error).message.split('\n')[0]).toBe(
      `NotionMonitor-broken/Monitor: 6 problems in ${file}:`,
    );
    expect((error as NotionMonitorPropsError).problems).toEqual([
      'namespace: Invalid input: expected string, received number',
      'alarmEmails: Invalid input: expected array, received string',
      '(root): unknown key "colour"',
      'functionTimeoutSeconds (150) must be shorter than scheduleMinutes (2) so runs never overlap',
      'integrations[0].token: the deployed monitor reads tokens from Secrets Manager only ({ "secretId": ... })',
      'memorySize (512) must be 128 to 256 MB (the probe is I/O bound)',
    ]);
  });

  it('no integration and no receiver is reported once, by the construct', () => {
    const env = stageDirWith({ empty: { scheduleMinutes: 0.5, integrations: [] } });
    expect(() => synth({ stage: 'empty' }, env)).toThrow(
      new NotionMonitorPropsError(
        'NotionMonitor-empty/Monitor',
        displayPath(join(env[STAGE_DIR_ENV], 'empty.json')),
        [
          'scheduleMinutes (0.5) must be whole minutes, from 1 minute to 24 hours',
          'integrations: integrations must list at least one integration (or receivers at least one receiver)',
        ],
      ),
    );
  });

  it('a stage file that is not JSON: the file and where it broke; one with a BOM is read', () => {
    const env = stageDirWith({
      trailing: '{ "integrations": [], }',
      bom: `\uFEFF${JSON.stringify({ integrations: [INTEGRATIONS[0]] })}`,
    });
    expect(() => synth({ stage: 'trailing' }, env)).toThrow(AppConfigError);
    expect(() => synth({ stage: 'trailing' }, env)).toThrow(/trailing\.json: not valid JSON/);
    expect(synth({ stage: 'bom' }, env).stack.stackName).toBe('NotionMonitor-bom');
  });
});

describe('what `cdk destroy` leaves: a choice per stage (retainOnDelete)', () => {
  const kinds = ['AWS::KMS::Key', 'AWS::Logs::LogGroup'] as const;
  const policies = (template: Template) =>
    kinds.map((kind) => {
      const [resource] = Object.values(template.findResources(kind)) as { DeletionPolicy?: string }[];
      return resource?.DeletionPolicy;
    });
  const integrations = [INTEGRATIONS[0]];

  it('prod keeps the KMS key and the log group; any other stage deletes them', () => {
    const env = stageDirWith({ prod: { integrations }, dev: { integrations } });
    expect(policies(synth({ stage: 'prod' }, env).template)).toEqual(['Retain', 'Retain']);
    const dev = synth({ stage: 'dev' }, env).template;
    expect(policies(dev)).toEqual(['Delete', 'Delete']);
    // Deleted keys wait the shortest time KMS allows.
    dev.hasResourceProperties('AWS::KMS::Key', { PendingWindowInDays: 7 });
  });

  it('the stage file decides when it says so', () => {
    const env = stageDirWith({
      prod: { integrations, retainOnDelete: false },
      staging: { integrations, retainOnDelete: true },
    });
    expect(policies(synth({ stage: 'prod' }, env).template)).toEqual(['Delete', 'Delete']);
    const staging = synth({ stage: 'staging' }, env).template;
    expect(policies(staging)).toEqual(['Retain', 'Retain']);
    staging.hasResourceProperties('AWS::KMS::Key', { PendingWindowInDays: Match.absent() });
  });

  it('the construct keeps both unless told (removalPolicy); SNAPSHOT is refused', () => {
    expect(policies(synthMonitor().template)).toEqual(['Retain', 'Retain']);
    expect(policies(synthMonitor({ removalPolicy: RemovalPolicy.DESTROY }).template)).toEqual([
      'Delete',
      'Delete',
    ]);
    expect(() => synthMonitor({ removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(
      'removalPolicy must be RETAIN or DESTROY: a KMS key and a log group have no snapshot',
    );
  });
});

import { CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';

/** The parameter and rule {@link refuseDeployment} adds; their logical ids in the template. */
export const DEPLOY_GUARD = { parameter: 'StageFile', rule: 'StageFileRequired', value: 'missing' } as const;

/**
 * Lets the stack synthesize but never deploy: CloudFormation evaluates a template's rules
 * before it creates or updates anything, and fails the change set with the rule's message
 * (the way the CDK's own bootstrap-version rule stops a deploy). The assertion can never
 * hold: the parameter allows one value, and the rule refuses that value. The CDK CLI passes
 * the app no hint of which command runs it, so a synth-time error would also break
 * `cdk synth`, which must keep working offline.
 */
export function refuseDeployment(stack: Stack, message: string): void {
  const parameter = new CfnParameter(stack, DEPLOY_GUARD.parameter, {
    type: 'String',
    default: DEPLOY_GUARD.value,
    allowedValues: [DEPLOY_GUARD.value],
    description: 'Never deployable: this template was synthesized without a stage file.',
  });
  new CfnRule(stack, DEPLOY_GUARD.rule, {
    assertions: [
      {
        assert: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, DEPLOY_GUARD.value)),
        assertDescription: message,
      },
    ],
  });
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { AppConfigError, readAppConfig } from '../../infra/app-config.js';
import { NotionMonitor, type NotionMonitorProps } from '../../infra/notion-monitor.js';
import { NotionMonitorPropsError } from '../../infra/resolve-props.js';
import { ENV, INTEGRATIONS, synth } from './synth.js';

const VPC_ID = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'];
const ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/** A monitor in production's VPC (imported by ids, as a team's own app would). */
function synthInVpc(props: (stack: Stack, vpc: ec2.IVpc) => Partial<NotionMonitorProps> = () => ({})) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test', { env: ENV });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: VPC_ID,
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: SUBNETS,
  });
  const monitor = new NotionMonitor(stack, 'Monitor', {
    integrations: INTEGRATIONS,
    vpc,
    ...props(stack, vpc),
  });
  return { template: Template.fromStack(stack), monitor, stack };
}

function functionEnvironment(template: Template): Record<string, string> {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function')) as {
    Properties: { Environment: { Variables: Record<string, string> } };
  }[];
  return fn?.Properties.Environment.Variables ?? {};
}

describe('the probe in production’s VPC', () => {
  it('by default: Lambda’s own network, no security group, no network interface permissions', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: Match.absent() });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('ec2:CreateNetworkInterface');
    expect(Object.keys(functionEnvironment(template))).not.toContain('HTTPS_PROXY');
  });

  it('in a VPC: its private subnets, a security group of its own with HTTPS out only, and the ENI permissions inline', () => {
    const { template } = synthInVpc();
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: SUBNETS, SecurityGroupIds: [{ 'Fn::GetAtt': [Match.anyValue(), 'GroupId'] }] },
    });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      VpcId: VPC_ID,
      SecurityGroupEgress: [
        { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() },
      ],
      SecurityGroupIngress: Match.absent(),
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{ Action: ENI_ACTIONS, Effect: 'Allow', Resource: '*' }]),
      },
    });
    // Still no managed policy on the probe's role.
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('the function waits for its role’s policy, so Lambda can create its network interfaces', () => {
    const { template } = synthInVpc();
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function')) as { DependsOn: string[] }[];
    const policies = Object.keys(template.findResources('AWS::IAM::Policy'));
    const probePolicy = policies.find((id) => id.includes('ProbeRoleDefaultPolicy'));
    expect(fn?.DependsOn).toContain(probePolicy);
  });

  it('HTTPS_PROXY and NO_PROXY in the environment; the proxy’s port is let out too', () => {
    const { template } = synthInVpc(() => ({
      httpsProxy: 'http://proxy.corp.internal:3128',
      noProxy: '.corp.internal,169.254.169.254',
    }));
    expect(functionEnvironment(template)).toMatchObject({
      HTTPS_PROXY: 'http://proxy.corp.internal:3128',
      NO_PROXY: '.corp.internal,169.254.169.254',
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [
        Match.objectLike({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ IpProtocol: 'tcp', FromPort: 3128, ToPort: 3128 }),
      ],
    });
  });

  it('given subnets and security groups are used as they are', () => {
    const { template } = synthInVpc((stack) => ({
      vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'Only', 'subnet-0ccccccccccccccc3')] },
      securityGroups: [
        ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0ddddddddddddddd4', { mutable: false }),
      ],
    }));
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: ['subnet-0ccccccccccccccc3'], SecurityGroupIds: ['sg-0ddddddddddddddd4'] },
    });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
  });

  it('a proxy without a VPC is fine (a proxy reachable from Lambda’s network)', () => {
    const { template } = synth({ httpsProxy: 'proxy.example.com:8080' });
    expect(functionEnvironment(template).HTTPS_PROXY).toBe('proxy.example.com:8080');
    template.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: Match.absent() });
  });

  it('every network problem at once; a proxy password is never quoted', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Bad', { env: ENV });
    let error: unknown;
    try {
      new NotionMonitor(stack, 'Monitor', {
        integrations: INTEGRATIONS,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [],
        httpsProxy: 'http://svc:Hunter2-Secret@proxy.corp.internal:3128',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotionMonitorPropsError);
    expect((error as NotionMonitorPropsError).problems).toEqual([
      'vpcSubnets needs vpc: Lambda places them in it',
      'securityGroups needs vpc: Lambda places them in it',
      'securityGroups must list at least one security group (or be left out)',
      "httpsProxy (proxy.corp.internal:3128) must not carry a user or password: Lambda shows environment variables to anyone who may read the function's configuration; let the proxy admit the VPC's addresses instead",
    ]);
    expect((error as Error).message).not.toContain('Hunter2');
    expect(() => synth({ httpsProxy: 'socks5://proxy.corp.internal:1080' })).toThrow(
      'httpsProxy uses socks5://, which the monitor does not speak',
    );
  });
});

describe('the stage file route: vpc by ids, httpsProxy, noProxy', () => {
  function stageFile(extra: Record<string, unknown>): string {
    const dir = mkdtempSync(join(tmpdir(), 'stage-vpc-'));
    const path = join(dir, 'net.json');
    const example = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../infra/config/example.json'), 'utf8'),
    );
    // Written the way a user's editor might: tabs, keys reordered.
    writeFileSync(path, JSON.stringify({ ...extra, ...example }, null, '\t'));
    return path;
  }

  it('ids that are not ids are listed under the file’s keys', () => {
    const config = stageFile({
      vpc: { vpcId: 'prod-vpc', subnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'private-a'] },
    });
    expect(() => readAppConfig(config)).toThrow(AppConfigError);
    expect(() => readAppConfig(config)).toThrow(
      [
        `${config}:`,
        '  - vpc.vpcId: must be a VPC id (vpc-...)',
        '  - vpc.subnetIds[1]: must be a subnet id (subnet-...)',
      ].join('\n'),
    );
    const empty = stageFile({ vpc: { vpcId: VPC_ID, subnetIds: [] } });
    expect(() => readAppConfig(empty)).toThrow('vpc.subnetIds: Too small');
  });

  it('synthesizes offline, with the subnets and security groups of the file, and cdk-nag finds nothing', () => {
    const config = stageFile({
      vpc: { vpcId: VPC_ID, subnetIds: SUBNETS, securityGroupIds: ['sg-0ddddddddddddddd4'] },
      httpsProxy: 'http://10.0.0.10:3128',
      noProxy: '.internal',
    });
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-vpc-'));
    const { app, stack } = buildApp(
      new App({ outdir, context: { stage: 'net', config, 'aws:cdk:bundling-stacks': [] } }),
    );
    app.synth();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: SUBNETS, SecurityGroupIds: ['sg-0ddddddddddddddd4'] },
    });
    expect(functionEnvironment(template)).toMatchObject({
      HTTPS_PROXY: 'http://10.0.0.10:3128',
      NO_PROXY: '.internal',
    });
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);
  });

  it('without securityGroupIds the probe gets its own, and cdk-nag still finds nothing', () => {
    const config = stageFile({ vpc: { vpcId: VPC_ID, subnetIds: SUBNETS } });
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-vpc-own-'));
    const { app, stack } = buildApp(
      new App({ outdir, context: { stage: 'netown', config, 'aws:cdk:bundling-stacks': [] } }),
    );
    app.synth();
    Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroup', 1);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);
  });
});

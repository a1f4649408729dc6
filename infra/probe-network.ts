/**
 * Where the probe's requests leave from: Lambda's own network, or production's VPC (its
 * subnets, security groups, NAT or proxy), and the proxy variables the request function
 * reads (functions/engine/proxy-env.ts).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { parseProxyUrl } from '../functions/engine/proxy-env.js';
import type { NotionMonitorProps } from './notion-monitor-props.js';
import type { PropNamer } from './props-source.js';

/** The probe's network, checked. */
export interface ProbeNetwork {
  /** @default Lambda's own network */
  readonly vpc?: ec2.IVpc;
  /** @default the CDK's default subnets of `vpc` */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** @default one of the probe's own, outbound TCP 443 (and `proxyPort`) only */
  readonly securityGroups?: readonly ec2.ISecurityGroup[];
  /** `HTTPS_PROXY` and `NO_PROXY`, as the function's environment. */
  readonly environment: Readonly<Record<string, string>>;
  /** The proxy's port, which a security group of the probe's own must let out. */
  readonly proxyPort?: number;
}

/** Checks the network props; every problem goes to `problems`, named as the source names them. */
export function resolveNetwork(props: NotionMonitorProps, n: PropNamer, problems: string[]): ProbeNetwork {
  if (props.vpc === undefined) {
    for (const prop of ['vpcSubnets', 'securityGroups'] as const) {
      if (props[prop] !== undefined)
        problems.push(`${n.name(prop)} needs ${n.name('vpc')}: Lambda places them in it`);
    }
  }
  if (props.securityGroups !== undefined && props.securityGroups.length === 0)
    problems.push(`${n.name('securityGroups')} must list at least one security group (or be left out)`);
  const environment: Record<string, string> = {};
  let proxyPort: number | undefined;
  if (props.httpsProxy !== undefined) {
    const setting = parseProxyUrl(n.name('httpsProxy'), props.httpsProxy);
    if (setting.kind === 'invalid') problems.push(`${setting.variable} ${setting.problem}`);
    else if (setting.kind === 'proxy' && setting.proxy.authorization !== undefined) {
      // The value is never quoted back: it holds a password.
      problems.push(
        `${n.name('httpsProxy')} (${setting.proxy.shown}) must not carry a user or password: Lambda shows environment variables to anyone who may read the function's configuration; let the proxy admit the VPC's addresses instead`,
      );
    } else if (setting.kind === 'proxy') {
      environment.HTTPS_PROXY = props.httpsProxy;
      proxyPort = setting.proxy.port;
    }
  }
  if (props.noProxy !== undefined) environment.NO_PROXY = props.noProxy;
  return {
    ...(props.vpc !== undefined ? { vpc: props.vpc } : {}),
    ...(props.vpcSubnets !== undefined ? { vpcSubnets: props.vpcSubnets } : {}),
    ...(props.securityGroups !== undefined ? { securityGroups: props.securityGroups } : {}),
    environment,
    ...(proxyPort !== undefined ? { proxyPort } : {}),
  };
}

/** The function's VPC props, and the security group made for it when none is given. */
export interface VpcPlacement {
  readonly functionProps: Pick<lambda.FunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'>;
  readonly securityGroup?: ec2.SecurityGroup;
}

/** Nothing for Lambda's own network; else the VPC, its subnets and the security groups. */
export function vpcPlacement(scope: Construct, network: ProbeNetwork | undefined): VpcPlacement {
  const vpc = network?.vpc;
  if (vpc === undefined) return { functionProps: {} };
  const subnets = network?.vpcSubnets ? { vpcSubnets: network.vpcSubnets } : {};
  if (network?.securityGroups !== undefined)
    return { functionProps: { vpc, securityGroups: [...network.securityGroups], ...subnets } };
  const securityGroup = probeSecurityGroup(scope, vpc, network?.proxyPort);
  return { functionProps: { vpc, securityGroups: [securityGroup], ...subnets }, securityGroup };
}

/**
 * The probe's own security group: nothing in, TCP 443 out (Notion, Secrets Manager and
 * CloudWatch, or their VPC endpoints) and the proxy's port. DNS to the VPC's resolver is
 * not subject to security groups.
 */
export function probeSecurityGroup(scope: Construct, vpc: ec2.IVpc, proxyPort?: number): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc,
    allowAllOutbound: false,
    description: 'Notion monitor probe: HTTPS out only',
  });
  group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to Notion and the AWS APIs');
  if (proxyPort !== undefined && proxyPort !== 443)
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(proxyPort), 'The HTTPS_PROXY');
  return group;
}

/**
 * What Lambda needs to attach the function to the VPC, written out because the probe's role
 * takes no managed policy (AWSLambdaVPCAccessExecutionRole grants the same actions). These
 * actions are granted on `*` in AWS's own policy and documentation.
 */
export function vpcAccessStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ],
    resources: ['*'],
  });
}

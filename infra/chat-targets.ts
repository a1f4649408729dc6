import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** A Slack channel; the workspace must first be authorized once in the Amazon Q Developer in chat applications console. */
export interface SlackTarget {
  /** The workspace id the console shows after the one-time authorization (for example `T0123ABCD`). */
  readonly workspaceId: string;
  /** The channel id: the last part of the channel's link (for example `C0123ABCD`). */
  readonly channelId: string;
  /**
   * The configuration's name in the console.
   * @default `<alarm name prefix>-slack`
   */
  readonly configurationName?: string;
}

/** A Microsoft Teams channel; the team must first be authorized once in the same console. */
export interface TeamsTarget {
  /** The team id the console shows after the one-time authorization. */
  readonly teamId: string;
  /** The channel id, from the channel's link (`19%3a...%40thread.tacv2`). */
  readonly channelId: string;
  /** The Microsoft Entra tenant id the console shows. */
  readonly tenantId: string;
  /**
   * The configuration's name in the console.
   * @default `<alarm name prefix>-teams`
   */
  readonly configurationName?: string;
}

/** Props of {@link ChatTargets}. */
export interface ChatTargetsProps {
  readonly topic: sns.ITopic;
  readonly namePrefix: string;
  readonly slack?: SlackTarget | undefined;
  readonly teams?: TeamsTarget | undefined;
}

/** What the channels may do from chat: read CloudWatch, nothing else, whatever role is attached later. */
const GUARDRAIL = 'CloudWatchReadOnlyAccess';
/** Amazon Q Developer in chat applications' configuration names: 1 to 128 of these. */
const CONFIGURATION_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Every problem in the chat targets, named as the props spell them. */
export function chatTargetProblems(
  slack: SlackTarget | undefined,
  teams: TeamsTarget | undefined,
  prefix: string,
): string[] {
  const problems: string[] = [];
  const required = (what: string, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${what} is required`);
  };
  const name = (what: string, value: string) => {
    if (!CONFIGURATION_NAME.test(value))
      problems.push(`${what} "${value}" must be 1 to 128 letters, digits, "_" or "-"`);
  };
  if (slack !== undefined) {
    required('slack.workspaceId', slack.workspaceId);
    required('slack.channelId', slack.channelId);
    name('slack.configurationName', slack.configurationName ?? `${prefix}-slack`);
  }
  if (teams !== undefined) {
    required('teams.teamId', teams.teamId);
    required('teams.channelId', teams.channelId);
    required('teams.tenantId', teams.tenantId);
    name('teams.configurationName', teams.configurationName ?? `${prefix}-teams`);
  }
  return problems;
}

/**
 * Sends the alarm topic's notifications (every ALARM and OK, one per failing integration)
 * to Slack and Microsoft Teams through Amazon Q Developer in chat applications (formerly
 * AWS Chatbot). Each channel gets a role of its own with no permissions (notifications
 * need none) and a read-only guardrail, so it never falls back to the service's
 * AdministratorAccess default.
 */
export class ChatTargets extends Construct {
  readonly slack?: chatbot.SlackChannelConfiguration;
  readonly teams?: chatbot.CfnMicrosoftTeamsChannelConfiguration;

  constructor(scope: Construct, id: string, props: ChatTargetsProps) {
    super(scope, id);
    const guardrail = iam.ManagedPolicy.fromAwsManagedPolicyName(GUARDRAIL);
    if (props.slack !== undefined) {
      this.slack = new chatbot.SlackChannelConfiguration(this, 'Slack', {
        slackChannelConfigurationName: props.slack.configurationName ?? `${props.namePrefix}-slack`,
        slackWorkspaceId: props.slack.workspaceId,
        slackChannelId: props.slack.channelId,
        notificationTopics: [props.topic],
        role: this.channelRole('SlackRole'),
        guardrailPolicies: [guardrail],
        loggingLevel: chatbot.LoggingLevel.ERROR,
      });
    }
    if (props.teams !== undefined) {
      this.teams = new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        configurationName: props.teams.configurationName ?? `${props.namePrefix}-teams`,
        teamId: props.teams.teamId,
        teamsChannelId: props.teams.channelId,
        teamsTenantId: props.teams.tenantId,
        iamRoleArn: this.channelRole('TeamsRole').roleArn,
        snsTopicArns: [props.topic.topicArn],
        guardrailPolicies: [guardrail.managedPolicyArn],
        loggingLevel: 'ERROR',
      });
    }
  }

  /** A role the chat service assumes for the channel: no policy, so nothing can be run from chat. */
  private channelRole(id: string): iam.Role {
    return new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: 'Notion monitor chat channel: notifications only, no permissions',
    });
  }
}

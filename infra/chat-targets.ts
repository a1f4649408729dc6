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
/**
 * The shapes CloudFormation's schemas give these ids (AWS::Chatbot::SlackChannelConfiguration,
 * AWS::Chatbot::MicrosoftTeamsChannelConfiguration), checked at synth instead of mid-deploy.
 */
const CONFIGURATION_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const SLACK_WORKSPACE = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL = /^[A-Za-z0-9]{1,256}$/;
const GUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
const TEAMS_CHANNEL = /^[a-zA-Z0-9-_=+/.,]*%3[aA][a-zA-Z0-9-_=+/.,]*%40[a-zA-Z0-9-_=+/.,]*$/;

/** Every problem in the chat targets, named as the props spell them. */
export function chatTargetProblems(
  slack: SlackTarget | undefined,
  teams: TeamsTarget | undefined,
  prefix: string,
): string[] {
  const problems: string[] = [];
  // The ids are quoted back: they name a channel, never a credential.
  const check = (what: string, value: unknown, shape: RegExp, hint: string) => {
    if (typeof value !== 'string' || value === '') problems.push(`${what} is required`);
    else if (!shape.test(value)) problems.push(`${what} "${value}" ${hint}`);
  };
  const name = (what: string, value: string) =>
    check(what, value, CONFIGURATION_NAME, 'must be 1 to 128 letters, digits, "_" or "-"');
  if (slack !== undefined) {
    check(
      'slack.workspaceId',
      slack.workspaceId,
      SLACK_WORKSPACE,
      'must be upper-case letters and digits (T0123ABCD)',
    );
    check('slack.channelId', slack.channelId, SLACK_CHANNEL, 'must be letters and digits (C0123ABCD)');
    name('slack.configurationName', slack.configurationName ?? `${prefix}-slack`);
  }
  if (teams !== undefined) {
    check('teams.teamId', teams.teamId, GUID, 'must be a GUID');
    check(
      'teams.channelId',
      teams.channelId,
      TEAMS_CHANNEL,
      'must be the id from the channel link (19%3a...%40thread.tacv2)',
    );
    check('teams.tenantId', teams.tenantId, GUID, 'must be a GUID');
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

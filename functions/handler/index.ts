/**
 * The Lambda entry point. Clients are built once per container and lazily, so warm
 * invocations reuse their connections and a run with only env tokens never loads
 * Secrets Manager. Endpoints follow the SDK's standard variables
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL_CLOUDWATCH`).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createHandler } from './create-handler.js';

let secretsManager: SecretsManagerClient | undefined;
let cloudWatch: CloudWatchClient | undefined;

/** The function's handler: probes, publishes metrics, returns the report. */
export const handler = createHandler({
  env: process.env,
  secretsManager: () => {
    secretsManager ??= new SecretsManagerClient({});
    return secretsManager;
  },
  cloudWatch: () => {
    cloudWatch ??= new CloudWatchClient({});
    return cloudWatch;
  },
});

/**
 * The Lambda entry point. Clients are built once per container and lazily, so warm
 * invocations reuse their connections and a run with only env tokens never loads
 * Secrets Manager. Endpoints follow the SDK's standard variables
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL_CLOUDWATCH`).
 */
import { lazyAwsClients } from '../aws/lazy-clients.js';
import { createHandler } from './create-handler.js';

const { secretsManager, cloudWatch } = lazyAwsClients();

/** The function's handler: probes, publishes metrics, returns the report. */
export const handler = createHandler({ env: process.env, secretsManager, cloudWatch });

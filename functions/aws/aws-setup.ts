/**
 * Whether a Secrets Manager client can sign a request at all, asked of the SDK's own region
 * and credential providers before the first call. From a laptop or CI the usual reason a
 * `secretId` token cannot be read is that AWS is not set up in that shell: that is neither the
 * token's fault nor the secret's, and the message says what is missing and how to provide it.
 *
 * The providers are told apart by which one failed, not by their error text: the SDK's
 * "Region is missing" is a plain `Error`, and its credential errors are classes of a package
 * the monitor does not depend on directly. Both providers are memoized by the client, so the
 * call that follows reuses what they found; on Lambda both come from the environment.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { documentedCode, type SecretFailure } from './secret-answer.js';

const HOW_TO_SIGN_IN =
  'set AWS_PROFILE to a profile (run `aws sso login --profile NAME` first for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';

/** Why the client cannot sign, for one secret; `undefined` when it can. Never throws. */
export async function awsSetupFailure(
  client: SecretsManagerClient,
): Promise<((secretId: string) => SecretFailure) | undefined> {
  try {
    await client.config.region();
  } catch {
    return (secretId) => ({
      category: 'secret_unavailable',
      message: `Secret ${secretId} could not be read: no AWS region is set where the monitor runs, so it cannot tell where the secret lives. Set AWS_REGION to the secret's region (for example AWS_REGION=eu-west-1), or use an AWS_PROFILE whose config names a region.`,
    });
  }
  try {
    await client.config.credentials();
  } catch (error) {
    const name = documentedCode(error instanceof Error ? error.name : undefined);
    return (secretId) => ({
      category: 'secret_unavailable',
      message: `Secret ${secretId} could not be read: no AWS credentials could be loaded where the monitor runs (${name}: none in the environment, the profile, SSO or an instance role, or an SSO session expired). To provide them, ${HOW_TO_SIGN_IN}.`,
    });
  }
  return undefined;
}

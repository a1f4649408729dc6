/**
 * Whether an AWS SDK client can sign a request at all, asked of the SDK's own region and
 * credential providers before the first call. From a laptop or CI the usual reason a
 * `secretId` token cannot be read (or metrics cannot be published) is that AWS is not set up
 * in that shell: that is neither the token's fault nor the secret's, and the message says what
 * is missing and how to provide it.
 *
 * The providers are told apart by which one failed, not by their error text: the SDK's
 * "Region is missing" is a plain `Error`, and its credential errors are classes of a package
 * the monitor does not depend on directly. Both providers are memoized by the client, so the
 * call that follows reuses what they found; on Lambda both come from the environment.
 */
import { documentedCode } from './secret-answer.js';

/** The part of a v3 client's resolved config that signing needs. */
export interface SigningClient {
  readonly config: {
    readonly region: () => Promise<string>;
    readonly credentials: () => Promise<unknown>;
  };
}

/** What is missing for the client to sign, and how to provide it; `undefined` when nothing is. Never throws. */
export async function awsSetupProblem(client: SigningClient): Promise<string | undefined> {
  try {
    await client.config.region();
  } catch {
    return 'no AWS region is set where the monitor runs. Set AWS_REGION to the region of the secrets and metrics (for example AWS_REGION=eu-west-1), or use an AWS_PROFILE whose config names a region.';
  }
  try {
    await client.config.credentials();
  } catch (error) {
    const name = documentedCode(error instanceof Error ? error.name : undefined);
    return `no AWS credentials could be loaded where the monitor runs (${name}: none in the environment, the profile, SSO or an instance role, or an SSO session expired). Set AWS_PROFILE to a profile (run \`aws sso login --profile NAME\` first for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`;
  }
  return undefined;
}

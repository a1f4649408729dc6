import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The handler's AWS clients, each built on first use and then kept: warm invocations reuse
 * their connections, and a run with only env tokens never builds Secrets Manager's.
 * Endpoints and credentials follow the SDK's standard variables.
 */
export function lazyAwsClients(): {
  readonly secretsManager: () => SecretsManagerClient;
  readonly cloudWatch: () => CloudWatchClient;
  /** Closes whichever clients were built, so a one-shot process can exit. */
  readonly destroy: () => void;
} {
  let secretsManager: SecretsManagerClient | undefined;
  let cloudWatch: CloudWatchClient | undefined;
  return {
    secretsManager: () => {
      secretsManager ??= new SecretsManagerClient({});
      return secretsManager;
    },
    cloudWatch: () => {
      cloudWatch ??= new CloudWatchClient({});
      return cloudWatch;
    },
    destroy: () => {
      secretsManager?.destroy();
      cloudWatch?.destroy();
    },
  };
}

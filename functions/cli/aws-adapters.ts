import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsSetupProblem } from '../aws/aws-setup.js';
import { buildMetricData } from '../aws/metric-data.js';
import { createPreviousTokenReader } from '../aws/previous-version.js';
import { publishMetrics } from '../aws/publish-metrics.js';
import { createSecretsResolver } from '../aws/secret-tokens.js';
import { DEFAULT_NAMESPACE } from '../shared/metrics.js';
import type { CliAwsAdapters } from './cli-io.js';

/**
 * The CLI's AWS side, with the standard credential chain and region (AWS_PROFILE,
 * AWS_REGION, SSO, instance roles) exactly as the AWS CLI would use them.
 * Imported lazily: a plain `--config` run with env tokens never loads the AWS SDK.
 */
export function createCliAwsAdapters(): CliAwsAdapters {
  let secrets: SecretsManagerClient | undefined;
  const client = () => {
    secrets ??= new SecretsManagerClient({});
    return secrets;
  };
  return {
    resolveSecrets: createSecretsResolver({ client }),
    readPreviousToken: createPreviousTokenReader({ client }),
    publish: async (report, namespace) => {
      const ns = namespace ?? DEFAULT_NAMESPACE;
      const client = new CloudWatchClient({});
      const missing = await awsSetupProblem(client);
      if (missing !== undefined)
        return { ok: false, message: `error: publishing metrics to ${ns} failed: ${missing}` };
      const result = await publishMetrics(client, ns, buildMetricData(report, new Date()));
      return {
        ok: result.ok,
        message: result.ok
          ? `Published ${result.datums} metric datums to CloudWatch namespace ${ns} in ${result.calls} call(s).`
          : `error: publishing metrics to ${ns} failed: ${result.error}`,
      };
    },
  };
}

/**
 * CloudWatch Metrics Insights query text, built from names (never typed by hand), quoted
 * the way the query language asks: namespaces, metric names and label keys in double quotes
 * (required for a namespace holding `/`, and for any reserved word; valid for every
 * identifier), label values in single quotes.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
 */

/** What one grouped query selects: `SELECT MAX(metric) FROM "namespace" WHERE ... GROUP BY ... ORDER BY MAX() DESC`. */
export interface GroupedQuery {
  readonly namespace: string;
  readonly metric: string;
  /** Label key = value, all required (joined with AND). */
  readonly where: Readonly<Record<string, string>>;
  /** Label keys: each distinct combination of their values is one series (one alarm contributor). */
  readonly groupBy: readonly string[];
}

/** `"Integration"`: an identifier (namespace, metric name, label key) in double quotes. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** `'auth'`: a label value in single quotes. */
export function quoteValue(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/**
 * A query a multi-time-series alarm can evaluate: GROUP BY makes one series per
 * combination, ORDER BY (which such an alarm requires) puts the largest first. MAX, not
 * SUM: each series is one integration's 0-or-1 failure, whatever the number of runs
 * that fall in a period.
 */
export function groupedQuery(q: GroupedQuery): string {
  const where = Object.entries(q.where)
    .map(([key, value]) => `${quoteIdentifier(key)} = ${quoteValue(value)}`)
    .join(' AND ');
  return [
    `SELECT MAX(${quoteIdentifier(q.metric)})`,
    `FROM ${quoteIdentifier(q.namespace)}`,
    ...(where ? [`WHERE ${where}`] : []),
    `GROUP BY ${q.groupBy.map(quoteIdentifier).join(', ')}`,
    'ORDER BY MAX() DESC',
  ].join(' ');
}

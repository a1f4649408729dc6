/**
 * How the probe function is bundled: used by the construct (NodejsFunction) and by the
 * benchmark, so the bundle measured is the bundle deployed.
 */
export const HANDLER_BUNDLING = {
  entry: 'functions/handler/index.ts',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node24',
  format: 'cjs',
  // The Lambda runtime ships the AWS SDK v3: not bundling it keeps the asset small.
  externalModules: ['@aws-sdk/*'],
} as const;

/**
 * Node flags for the function. V8 sizes its heap for the machine, not the Lambda's memory,
 * and collects lazily: at 1,000 integrations the probe's live set is small but an
 * unbounded heap lets RSS pass 128 MB. Capping old space at 40% of the function's memory
 * makes V8 collect early (measured by `npm run bench`).
 */
export function nodeOptionsFor(memorySizeMb: number): string {
  return `--enable-source-maps --max-old-space-size=${Math.floor(memorySizeMb * 0.4)}`;
}

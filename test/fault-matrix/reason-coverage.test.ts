/**
 * Every reason the engine can give is reached: by a fault-matrix row (which asserts it end to
 * end, over the real path), or, for the few no row can reach, by the same functions driven
 * here directly, each with why the matrix cannot. Together with the README's generated table
 * (test/unit/reason-table.test.ts), every reason the engine can produce is documented.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { entryFailure } from '../../functions/aws/secret-answer.js';
import { fetchSecrets } from '../../functions/aws/secret-tokens.js';
import { classifyOutcome } from '../../functions/engine/classify.js';
import { createHttpRequest } from '../../functions/engine/http-request.js';
import type { RequestOutcome } from '../../functions/engine/outcome.js';
import { runProbe } from '../../functions/engine/probe.js';
import { Semaphore } from '../../functions/engine/semaphore.js';
import { classifyReceiverOutcome } from '../../functions/receiver/classify-receiver.js';
import { probeReceiver, type ReceiverRun } from '../../functions/receiver/probe-receiver.js';
import { REASONS, type Reason } from '../../functions/shared/reasons.js';
import { awsEndpointClientConfig } from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import { createTokenResolver } from '../../functions/tokens/env-tokens.js';
import { receiverRows } from './receiver-rows.js';
import { rows } from './rows.js';

const TOKEN = 'ntn_cov9Tq4LmZ2xR7bWk3VnH8cJ5yFd6sGp1Ae';

/** One integration probed through the engine with an env token; its reason. */
async function probed(
  env: Record<string, string>,
  options: { baseUrl?: string; request?: Parameters<typeof runProbe>[1]['request'] } = {},
): Promise<Reason | undefined> {
  const report = await runProbe(
    {
      notionBaseUrl: options.baseUrl ?? 'http://127.0.0.1:9',
      notionVersion: '2026-03-11',
      timeoutMs: 2_000,
      integrations: [{ name: 'one', token: { env: 'TOKEN' } }],
      receivers: [],
    },
    { resolveTokens: createTokenResolver({ env }), ...(options.request ? { request: options.request } : {}) },
  );
  return report.integrations[0]?.reason;
}

/** A receiver's signed event answered with `status` (and `headers`): its reason. */
async function signedAnswer(
  status: number,
  headers: Record<string, string> = {},
): Promise<Reason | undefined> {
  const outcome: RequestOutcome = { kind: 'answer', status, headers, body: '', bodyBytes: 0, latencyMs: 1 };
  return classifyReceiverOutcome('signed_event', outcome, (t) => t).reason;
}

/** Why the receiver matrix leaves a status to the classifier. */
const RECEIVER_STATUS =
  "the receiver matrix's stand-ins are the issue's list of receivers; this status alone decides the reason (test/receiver/classify-receiver.test.ts)";

/** The reasons no fault-matrix row reaches: why, and how they are produced here instead. */
const UNIT_ONLY: Readonly<
  Partial<Record<Reason, { why: string; produce: () => Promise<Reason | undefined> }>>
> = {
  env_missing: {
    why: 'handler rows read the faulted token from Secrets Manager, and CLI rows always set it',
    produce: () => probed({}),
  },
  token_unresolved: {
    why: 'every real token source answers for every integration; only a source that drops one gives it',
    produce: async () => {
      const resolve = createTokenResolver({ env: {} });
      const got = await resolve(
        [{ name: 'x', token: { secretId: 'prod/notion' } }],
        new AbortController().signal,
      );
      const token = got.get('x');
      return token?.ok === false ? token.reason : undefined;
    },
  },
  aws_credentials_rejected: {
    why: 'the loopback AWS endpoint checks no signature, so it never rejects credentials',
    produce: async () => entryFailure('prod/notion', 'UnrecognizedClientException').reason,
  },
  aws_setup_missing: {
    why: 'the handler always has a region and credentials; test/integration/cli-aws-setup.test.ts runs the CLI without them',
    produce: async () => {
      const client = new SecretsManagerClient({
        region: () => Promise.reject<string>(new Error('no region')),
      });
      const lookup = (await fetchSecrets(client, ['prod/notion'])).get('prod/notion');
      client.destroy();
      return lookup?.ok === false ? lookup.reason : undefined;
    },
  },
  secret_unreachable: {
    why: 'the matrix keeps its AWS endpoint up; here the client is pointed at a closed port',
    produce: async () => {
      const client = new SecretsManagerClient({
        ...awsEndpointClientConfig('http://127.0.0.1:9'),
        maxAttempts: 1,
      });
      const lookup = (await fetchSecrets(client, ['prod/notion'])).get('prod/notion');
      client.destroy();
      return lookup?.ok === false ? lookup.reason : undefined;
    },
  },
  request_not_sent: {
    why: "the matrix's proxies are https; an http:// notionBaseUrl through a proxy is refused before sending",
    produce: () =>
      probed(
        { TOKEN },
        {
          baseUrl: 'http://notion.example',
          request: createHttpRequest({ env: { HTTP_PROXY: 'http://127.0.0.1:9' } }),
        },
      ),
  },
  network_error: {
    why: 'an unreachable host or network (EHOSTUNREACH) cannot be made on loopback',
    produce: async () =>
      classifyOutcome({ kind: 'network', code: 'EHOSTUNREACH', detail: '', latencyMs: 1 }).reason,
  },
  body_too_large: {
    why: "an answer over 8 MiB is too slow for a matrix row; here the request function's cap is lowered",
    produce: async () => {
      const sim = new NotionSimulator({
        integrations: [{ token: TOKEN }],
        faults: [{ fault: { type: 'huge', bytes: 4096 } }],
      });
      await sim.start();
      try {
        return await probed(
          { TOKEN },
          { baseUrl: sim.url, request: createHttpRequest({ maxBodyBytes: 1024 }) },
        );
      } finally {
        await sim.close();
      }
    },
  },
  verification_token_blank: {
    why: 'the receiver matrix stores well-formed tokens; a blank one is refused before any request',
    produce: async () => {
      const run: ReceiverRun = {
        request: () => Promise.reject(new Error('no request expected')),
        mask: (t) => t,
        notionVersion: '2026-03-11',
        timeoutMs: 1_000,
        deadline: new AbortController().signal,
        now: Date.now,
        runSlots: new Semaphore(1),
      };
      const receiver = {
        name: 'r',
        url: 'http://127.0.0.1:9/hook',
        verificationToken: { env: 'HOOK' },
        eventType: 'page.properties_updated',
        expectForgedRejected: true,
      } as const;
      return (await probeReceiver(receiver, { ok: true, token: ' ' }, run)).reason;
    },
  },
  receiver_request_not_sent: {
    why: "the receiver matrix's receivers are loopback http; only a proxied http URL is refused before sending",
    produce: async () =>
      classifyReceiverOutcome('signed_event', { kind: 'rejected', detail: 'x', latencyMs: 0 }, (t) => t)
        .reason,
  },
  load_balancer_rejected: {
    why: RECEIVER_STATUS,
    produce: () => signedAnswer(401, { server: 'awselb/2.0' }),
  },
  receiver_proxy_auth: { why: RECEIVER_STATUS, produce: () => signedAnswer(407) },
  receiver_route_missing: { why: RECEIVER_STATUS, produce: () => signedAnswer(404) },
  receiver_4xx: { why: RECEIVER_STATUS, produce: () => signedAnswer(413) },
  receiver_redirected: {
    why: RECEIVER_STATUS,
    produce: () => signedAnswer(302, { location: 'https://elsewhere.example/' }),
  },
  receiver_unexpected_status: { why: RECEIVER_STATUS, produce: () => signedAnswer(101) },
  probe_internal_error: {
    why: 'a bug in the engine; the matrix drives a working engine (test/integration/probe-error.test.ts drives the CLI)',
    produce: () =>
      probed(
        { TOKEN },
        {
          request: () => {
            throw new Error('engine bug');
          },
        },
      ),
  },
};

// A row's deciding reason, and the reason of a secret-history note it asserts (issue 13).
const reachedByRows = new Set(
  rows.flatMap((r) => [
    ...('reason' in r.expected && typeof r.expected.reason === 'string' ? [r.expected.reason] : []),
    ...('history' in r && r.history?.note?.reason !== undefined ? [r.history.note.reason] : []),
  ]),
);
// The receiver matrix's rows (test/fault-matrix/receiver-matrix.test.ts) assert their reasons end to end too.
for (const r of receiverRows) if (r.expected.reason !== undefined) reachedByRows.add(r.expected.reason);

describe('every reason is reached', () => {
  it('by a fault-matrix row, or (listed with why) by the engine driven directly: never both, never neither', () => {
    const unitOnly = Object.keys(UNIT_ONLY) as Reason[];
    expect(
      unitOnly.filter((r) => reachedByRows.has(r)),
      'a row reaches these now: drop them from UNIT_ONLY',
    ).toEqual([]);
    expect(
      REASONS.filter((r) => !reachedByRows.has(r) && !unitOnly.includes(r)),
      'reached by nothing',
    ).toEqual([]);
  });

  it.each(Object.entries(UNIT_ONLY).map(([reason, entry]) => [reason, entry] as const))(
    '%s',
    async (reason, entry) => {
      expect(entry?.why.length).toBeGreaterThan(20);
      expect(await entry?.produce()).toBe(reason);
    },
  );
});

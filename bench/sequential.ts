import { Client } from '@notionhq/client';
import type { Workload } from './workload.js';

/**
 * The workload as a hand-written script would probe it: one client per integration, one
 * request after another, each awaited in turn.
 */
export async function probeSequentially(baseUrl: string, workload: Workload): Promise<number> {
  let failures = 0;
  for (const integration of workload.integrations) {
    const auth = workload.env[integration.token.env];
    const client = new Client({
      ...(auth !== undefined ? { auth } : {}),
      baseUrl,
      notionVersion: '2026-03-11',
      retry: false,
      logger: () => {},
    });
    try {
      await client.request({ path: 'users/me', method: 'get' });
      for (const t of integration.targets) await client.request({ path: `pages/${t.id}`, method: 'get' });
    } catch {
      failures += 1;
    }
  }
  return failures;
}

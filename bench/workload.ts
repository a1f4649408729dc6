import type { SimulatedIntegration } from '../functions/simulator/notion-simulator.js';

/** A synthetic set of integrations: what the simulator knows and what the monitor probes. */
export interface Workload {
  readonly simulated: SimulatedIntegration[];
  readonly integrations: { name: string; token: { env: string }; targets: { kind: 'page'; id: string }[] }[];
  readonly env: Record<string, string>;
  /** Minimum requests: 1 + targets for a live token, 1 for a dead one. */
  readonly minimumRequests: number;
}

function uuid(n: number, salt: number): string {
  const hex = (n * 7919 + salt).toString(16).padStart(12, '0').slice(-12);
  return `59833787-2cf9-4fdf-8782-${hex}`;
}

/** `count` integrations with `targets` shared pages each; every `deadEvery`-th token is revoked. */
export function buildWorkload(count: number, targets: number, deadEvery = 0): Workload {
  const simulated: SimulatedIntegration[] = [];
  const integrations: Workload['integrations'] = [];
  const env: Record<string, string> = {};
  let minimumRequests = 0;
  for (let i = 0; i < count; i++) {
    const token = `ntn_bench${String(i).padStart(6, '0')}${'x'.repeat(30)}`;
    const pages = Array.from({ length: targets }, (_, t) => uuid(i, t));
    const dead = deadEvery > 0 && i % deadEvery === deadEvery - 1;
    if (!dead) simulated.push({ token, pages });
    env[`BENCH_TOKEN_${i}`] = token;
    integrations.push({
      name: `integration-${i}`,
      token: { env: `BENCH_TOKEN_${i}` },
      targets: pages.map((id) => ({ kind: 'page', id })),
    });
    minimumRequests += dead ? 1 : 1 + targets;
  }
  return { simulated, integrations, env, minimumRequests };
}

#!/usr/bin/env node
// The `notion-monitor` command (`npx notion-monitor` in a clone, after `npm install`).
// One process, no build step: tsx's loader (a devDependency) is registered in this process,
// then the TypeScript entry runs. Nothing is written to stdout here, so `--json` output is
// the report alone.
import { register } from 'tsx/esm/api';

register();
await import('../functions/cli/main.ts');

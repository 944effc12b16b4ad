#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx, which the TypeScript front door
// needs anyway; there is no separate build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = main(process.argv.slice(2));

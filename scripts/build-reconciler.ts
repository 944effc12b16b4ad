/**
 * Writes the reconciler bundle to build/reconciler.mjs (npm run build:reconciler): the same bytes
 * synth embeds in the bundle ConfigMap, for the prebuilt image (Dockerfile.reconciler), the
 * benchmark, or running it by hand:
 *
 *   node build/reconciler.mjs --plan plan.json --api-server http://127.0.0.1:8001
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { reconcilerBundle } from '../src/app/reconciler-bundle.js';

const bundle = reconcilerBundle();
mkdirSync('build', { recursive: true });
writeFileSync('build/reconciler.mjs', bundle.text);
const raw = Buffer.byteLength(bundle.text);
const gz = gzipSync(bundle.text, { level: 9 }).length;
console.log(`build/reconciler.mjs: ${(raw / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped), ${bundle.digest}`);

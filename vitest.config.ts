import { defineConfig } from 'vitest/config';

/**
 * Tests that start child processes or run property tests with many runs. They make up most of
 * the suite's time, so `npm run test:unit` leaves them out for a fast loop; `npm test` runs both.
 */
const SLOW = [
  // The CLI binary and the README's app, run as child processes (node and tsx start-up per run).
  'test/cli/main.test.ts',
  'test/cli/filesystem-faults.test.ts',
  'test/cli/hostile-cli.test.ts',
  'test/readme.test.ts',
  // diff compiles both sides of every case, and reads a git revision in child processes.
  'test/cli/diff.test.ts',
  'test/cli/git-tree.test.ts',
  // The built binary against main() for every command; what a start of the bundle initializes.
  'test/bin/tool-gateway.test.ts',
  'test/bin/cli-bundle.test.ts',
  // Every URL field with a secret in it, through synth in-process and once through the binary.
  'test/url-redaction.test.ts',
  // The reconciler bundle in child processes, against a fake API server and MCP servers.
  'test/reconciler/reconciler-faults.test.ts',
  'test/reconciler/reconciler-sessions.test.ts',
  'test/reconciler/reconciler-tool-set.test.ts',
  // server-everything in a child process and fastmcp, against the reconciler bundle.
  'test/reconciler/real-mcp-servers.test.ts',
  // Several reconciler bundle processes sharing shards through Leases, killed, cut off and rolled.
  'test/reconciler/reconciler-ha.test.ts',
  // Property tests: random estates through the whole build and the gate; 10,000 random tool filters.
  'test/app/build-output.test.ts',
  'test/compile/routes/tool-filter-cel.test.ts',
  // 2,000 random pairs of tool filters, each checked against every short name.
  'test/explain/tool-filter-difference.test.ts',
  // 10,000 random authorization rule sets and 10,000 two-member ToolSets, their CEL evaluated.
  'test/compile/routes/authorization-cel.test.ts',
  // Mutated estates through the whole build, 2,000 of them.
  'test/hostile-input.test.ts',
  // 10,000 random YAML files through both readers, compared.
  'test/intent/fast-yaml-documents.test.ts',
  // The benchmark's estates: 1,000 routes through the whole build (pinned by a digest), 10,000 through the gate.
  'test/estate-scale.test.ts',
  // npm pack in a child process; and the packed package installed into a consumer project.
  'test/package.test.ts',
  'test/consumer.test.ts',
];

export default defineConfig({
  test: {
    // Forks, not threads: a test sets process.umask, which worker threads do not support.
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          setupFiles: ['test/support/prototype-guard.ts'],
          include: ['test/**/*.test.ts'],
          exclude: SLOW,
          // One module graph per worker instead of one per file: each file would otherwise import
          // the compiler, ajv, CEL and cdk8s afresh (about two thirds of the unit run's time). The
          // modules' only state is caches of pure results (schemas, compiled CEL rules, the
          // reconciler bundle), and no unit test mocks modules or changes process-wide state
          // without restoring it.
          isolate: false,
          // Far above any correct test's time, so a loaded machine (two CI runs side by side on
          // two cores) cannot fail a correct test; only a hung one fails on time.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

/**
 * Import check (`npm run -s check:imports`, run by .ci/run after lint): no import circles (type-only
 * imports included), Function code never reaches tooling, tests or scripts, and imports point down
 * the layers below. A rule that needs an exception names the import and why in KNOWN_UP; nothing
 * else may point up.
 *
 * Runtime (src/runtime/, ships in Functions), lowest first:
 *   core      src/runtime/core, src/generated, src/runtime/state: config, logging, validation, webhook wrapper, KV/queue stores
 *   libs      src/runtime/{ledger,clinic,consent,events,reminders,sms}: domain logic
 *   handlers  what a Function runs: every *-spec.ts / spec.ts entry module (src/runtime/<first URL segment>/),
 *             src/runtime/{voice,verify,studio,optout}/, src/runtime/services.ts (the services the handlers share),
 *             src/runtime/reminders/reply-router.ts, src/runtime/function-shell.ts
 *   functions functions/**: one thin file per URL
 * Tooling (runs on a laptop), lowest first; it may import runtime core and libs, never handlers:
 *   base      src/tooling/cli (argument parser, shared CLI cores), src/tooling/config (hipaa.config.json),
 *             src/tooling/compliance (safeguards and runtime controls as data)
 *   lint      src/tooling/lint (message and flow linters; the flow definition schema and graph)
 *   preflight src/tooling/preflight (its rules reuse the lint rules)
 *   commands  src/tooling/flows, src/tooling/sid (use the linters and the preflight's credentials)
 *   deploy    src/tooling/deploy (runs the preflight, reads the flows' deploy info)
 * Entry points (scripts/, plugin/, bench/, test/) may import anything in src/; src/ imports none of them.
 */
const CORE = '^src/(runtime/(core|state)|generated)/';
const HANDLERS = [
  '^src/runtime/(voice|verify|studio|optout)/',
  '^src/runtime/[a-z-]+/[a-z-]*spec\\.ts$',
  '^src/runtime/(services|function-shell)\\.ts$',
  '^src/runtime/reminders/reply-router\\.ts$',
];
const LIBS = '^src/runtime/(ledger|clinic|consent|events|reminders|sms)/';
const TOOLING = '^src/tooling/';
const ENTRY_POINTS = '^(scripts|plugin|test|bench)/';

/**
 * Imports that still point up, each with why. The layer rule skips exactly that import (the same
 * module's other imports stay checked); remove the entry when the import is fixed.
 */
const KNOWN_UP = [];

/** A layer rule: `from` may not import `to`, except the KNOWN_UP imports. */
function layered(name, comment, from, to) {
  const own = KNOWN_UP.filter((k) => k.rule === name);
  const rules = [{ name, severity: 'error', comment, from: { path: from, pathNot: own.map((k) => k.from) }, to: { path: to } }];
  for (const k of own)
    rules.push({
      name,
      severity: 'error',
      comment: `${comment} Known exception: ${k.why}.`,
      from: { path: k.from },
      to: { path: to, pathNot: k.to },
    });
  return rules;
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, type-only imports included, anywhere (tests and benchmarks too).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'function-code-not-to-tooling',
      severity: 'error',
      comment: 'Function code (runtime src/ and functions/) never imports tooling, scripts, the plugin, tests or benchmarks.',
      from: { path: ['^functions/', '^src/'], pathNot: TOOLING },
      to: { path: [TOOLING, ENTRY_POINTS, '^functions/'] },
    },
    {
      name: 'tooling-not-to-entry-points',
      severity: 'error',
      comment: 'Tooling is a library for scripts/ and plugin/: it never imports them, tests, benchmarks or functions/.',
      from: { path: TOOLING },
      to: { path: [ENTRY_POINTS, '^functions/'] },
    },
    ...layered('runtime-core-points-down', 'Runtime core (core, generated, state) imports nothing above it.', CORE, [LIBS, ...HANDLERS]),
    {
      name: 'runtime-libs-not-to-handlers',
      severity: 'error',
      comment: 'Runtime libs never import a handler module (a Function entry, its services, the studio/status/voice/verify handlers).',
      from: { path: LIBS, pathNot: HANDLERS },
      to: { path: HANDLERS },
    },
    {
      name: 'tooling-not-to-runtime-handlers',
      severity: 'error',
      comment: 'Tooling may use runtime core and libs (the ledger, state, consent), never a handler module.',
      from: { path: TOOLING },
      to: { path: HANDLERS },
    },
    {
      name: 'tooling-base-points-down',
      severity: 'error',
      comment: 'src/tooling/cli, config and compliance are the base of the tooling: they import no other tooling.',
      from: { path: '^src/tooling/(cli|config|compliance)/' },
      to: { path: '^src/tooling/(lint|preflight|flows|sid|deploy)/' },
    },
    {
      name: 'lint-points-down',
      severity: 'error',
      comment: 'The linters sit below the preflight (whose rules reuse them) and the commands.',
      from: { path: '^src/tooling/lint/' },
      to: { path: '^src/tooling/(preflight|flows|sid|deploy)/' },
    },
    {
      name: 'preflight-points-down',
      severity: 'error',
      comment: 'The preflight sits below flows, sid and deploy.',
      from: { path: '^src/tooling/preflight/' },
      to: { path: '^src/tooling/(flows|sid|deploy)/' },
    },
    {
      name: 'commands-point-down',
      severity: 'error',
      comment: 'flows and sid do not import each other or deploy.',
      from: { path: '^src/tooling/(flows|sid)/' },
      to: { path: '^src/tooling/(sid|flows|deploy)/', pathNot: '^src/tooling/$1/' },
    },
  ],
  options: {
    // Type-only imports count (a type-only circle is still a circle).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^dist/', '^plugin/dist/', 'node_modules'] },
    moduleSystems: ['cjs', 'es6'],
    reporterOptions: { text: { highlightFocused: true } },
  },
};

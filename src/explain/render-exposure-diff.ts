import { compareStrings } from '../contracts/json.js';
import { escapeControlCharacters, valueText } from '../contracts/value-text.js';
import { EFFECT_ORDER, type ChangeEffect, type ExposureChange } from './exposure-diff.js';

/** The counts the summary line and `--json` give, in EFFECT_ORDER. */
export function changeSummary(changes: readonly ExposureChange[]): Record<ChangeEffect, number> {
  const summary = Object.fromEntries(EFFECT_ORDER.map((e) => [e, 0])) as Record<ChangeEffect, number>;
  for (const c of changes) summary[c.effect]++;
  return summary;
}

/** Text with every character Markdown could read as markup escaped, and terminal-unsafe ones too. */
function markdownText(text: string): string {
  return escapeControlCharacters(text).replace(/[\\`*_[\]<>|~#]/g, (ch) => `\\${ch}`);
}

/** Text as a code span, terminal-unsafe characters escaped, with a fence longer than any run of backticks in it. */
function codeSpan(text: string): string {
  const shown = escapeControlCharacters(text);
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest > 0 ? ' ' : ''}${shown}${longest > 0 ? ' ' : ''}${fence}`;
}

const MARK: Readonly<Record<ChangeEffect, string>> = {
  weakened: '⚠️ **WEAKENED**',
  strengthened: '**STRENGTHENED**',
  added: '**ADDED**',
  removed: '**REMOVED**',
  changed: '**CHANGED**',
};

function bullet(c: ExposureChange, withSubject: boolean): string {
  const subject = withSubject ? `${markdownText(c.subject)} — ` : '';
  const example = c.example !== undefined ? `, e.g. ${codeSpan(valueText(c.example))}` : '';
  const values = c.from !== undefined && c.to !== undefined ? ` (${codeSpan(c.from)} → ${codeSpan(c.to)})` : '';
  return `- ${MARK[c.effect]} ${subject}${markdownText(c.aspect)}: ${markdownText(c.message)}${example}${values}`;
}

const weakens = (cs: readonly ExposureChange[]): boolean => cs.some((c) => c.effect === 'weakened');

function byEffect(a: ExposureChange, b: ExposureChange): number {
  return EFFECT_ORDER.indexOf(a.effect) - EFFECT_ORDER.indexOf(b.effect);
}

/**
 * The diff as Markdown for a pull-request comment: a summary line, then one section per gateway
 * (its own changes, then one per route) and one for tool servers, guards and other workloads.
 * Sections and routes with a weakening come first, and within each the weakenings do. Every value
 * is escaped, so a name cannot inject markup or terminal escapes.
 */
export function renderExposureMarkdown(changes: readonly ExposureChange[], notes: readonly string[]): string {
  const s = changeSummary(changes);
  const lines = [
    `**Exposure diff:** ${s.weakened} weakened, ${s.strengthened} strengthened, ${s.added} added, ${s.removed} removed, ${s.changed} changed`,
  ];
  if (changes.length === 0) lines.push('', 'Nothing changes in what is exposed, or to whom.');
  const gateways = [...new Set(changes.map((c) => c.gateway ?? ''))];
  const sections = gateways
    .map((g) => ({ g, cs: changes.filter((c) => (c.gateway ?? '') === g) }))
    .sort((a, b) => Number(weakens(b.cs)) - Number(weakens(a.cs)) || compareStrings(a.g || '\u{10ffff}', b.g || '\u{10ffff}'));
  for (const { g, cs } of sections) {
    lines.push('', g ? `### ToolGateway ${markdownText(g)}` : '### Tool servers, guards and other workloads', '');
    // The gateway's own changes before those of its proxy pods.
    const own = (c: ExposureChange): number => (c.subject === `ToolGateway ${g}` ? 0 : 1);
    for (const c of cs.filter((x) => x.route === undefined).sort((a, b) => byEffect(a, b) || own(a) - own(b))) {
      lines.push(bullet(c, own(c) === 1));
    }
    const routes = [...new Set(cs.flatMap((c) => (c.route !== undefined ? [c.route] : [])))]
      .map((r) => ({ r, rc: cs.filter((c) => c.route === r) }))
      .sort((a, b) => Number(weakens(b.rc)) - Number(weakens(a.rc)) || compareStrings(a.r, b.r));
    for (const { r, rc } of routes) {
      // A ToolSet is published like a route; its changes name it.
      const kind = rc.some((c) => c.subject === `ToolSet ${r}`) ? 'ToolSet' : 'ToolRoute';
      lines.push(`- ${kind} ${markdownText(r)}`);
      for (const c of [...rc].sort(byEffect)) lines.push(`  ${bullet(c, false)}`);
    }
  }
  if (notes.length > 0) lines.push('', ...notes.map((n) => `_${markdownText(n)}_`));
  return lines.join('\n');
}

/**
 * The diff as JSON: `{ summary, changes, notes }`. `summary` counts changes per effect
 * (`weakened`, `strengthened`, `added`, `removed`, `changed`); each change has `effect`, `gateway`
 * and `route` (`namespace/name`, or null), `subject` (`Kind namespace/name`), `aspect`, `message`
 * `example` (a tool name, or null), and `from` and `to` (the setting before and after, or null). Keys and changes are in a fixed order.
 */
export function renderExposureJson(changes: readonly ExposureChange[], notes: readonly string[]): string {
  // Strings are escaped as messages echo them: JSON.stringify would leave bidirectional
  // overrides and line separators as they are, to reach a terminal.
  return JSON.stringify(
    {
      summary: changeSummary(changes),
      changes: changes.map((c) => ({
        effect: c.effect,
        gateway: c.gateway ?? null,
        route: c.route ?? null,
        subject: c.subject,
        aspect: c.aspect,
        message: c.message,
        example: c.example ?? null,
        from: c.from ?? null,
        to: c.to ?? null,
      })),
      notes,
    },
    (_key, value: unknown) => (typeof value === 'string' ? escapeControlCharacters(value) : value),
    2,
  );
}

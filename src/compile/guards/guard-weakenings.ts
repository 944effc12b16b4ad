import type { GuardIntent } from '../../intent/estate.js';

/** A setting of a Guard that lets traffic through unguarded, against the field it is in. */
export interface GuardWeakening {
  readonly field: string;
  readonly message: string;
}

/**
 * The weakenings of a Guard: an ALL beside listed entities (the adapter then detects only the
 * listed ones, so ALL is dead), allowing every entity the Guard does not list, and letting
 * requests through while the adapter is down. Both are legitimate choices, but a
 * reviewer must see them, so each becomes a warning wherever the Guard is used.
 */
export function guardWeakenings(guard: GuardIntent): GuardWeakening[] {
  const out: GuardWeakening[] = [];
  const actions = guard.spec.presidio?.entityActions ?? {};
  const listed = Object.keys(actions).filter((k) => k !== 'ALL');
  if ('ALL' in actions && listed.length > 0) {
    // The adapter sends the listed entity types as Presidio's `entities` filter, so Presidio
    // detects nothing else and ALL never applies.
    // https://github.com/agentic-layer/guardrail-adapter/blob/main/internal/provider/presidio/presidio.go
    out.push({
      field: 'spec.presidio.entityActions.ALL',
      message: `never applies: with ${listed.sort().join(', ')} listed, the guardrail adapter asks Presidio for those entity types only, so no other entity is detected; list every entity type to act on, or leave ALL alone`,
    });
  }
  if (guard.spec.presidio?.entityActions?.ALL === 'ALLOW') {
    out.push({
      field: 'spec.presidio.entityActions.ALL',
      message:
        '"ALLOW" lets every entity the guard does not list through unfiltered; leave ALL out to block them (the default is BLOCK) or list the entities to allow one by one',
    });
  }
  if (guard.spec.failureMode === 'FailOpen') {
    out.push({
      field: 'spec.failureMode',
      message:
        '"FailOpen" lets requests through unguarded whenever the guard adapter is unreachable; leave it out for FailClosed, which refuses them',
    });
  }
  return out;
}

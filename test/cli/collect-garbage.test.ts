import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { collectGarbage } from '../../src/cli/collect-garbage.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A weak reference to an object nothing else refers to. */
const refToGarbage = (): WeakRef<object> => new WeakRef({ payload: new Array(1000).fill('x') });

describe('collectGarbage |', () => {
  test('collects what nothing refers to any more', async () => {
    const ref = refToGarbage();
    // A WeakRef keeps its target alive until the job that made or read it has ended.
    await nextTurn();
    collectGarbage(0);
    await nextTurn();
    expect(ref.deref()).toBeUndefined();
  });

  test('leaves a heap smaller than the threshold alone', async () => {
    const ref = refToGarbage();
    await nextTurn();
    collectGarbage(Number.MAX_SAFE_INTEGER);
    await nextTurn();
    expect(ref.deref()).toBeDefined();
  });

  test('leaves --expose-gc unset, so a code cache written later matches the flags of later starts', () => {
    collectGarbage(0);
    collectGarbage(0);
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});

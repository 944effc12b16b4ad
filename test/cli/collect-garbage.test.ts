import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { collectGarbage } from '../../src/cli/collect-garbage.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('collectGarbage |', () => {
  test('collects what nothing refers to any more', async () => {
    let held: object | undefined = { payload: new Array(1000).fill('x') };
    const ref = new WeakRef(held);
    held = undefined;
    // A WeakRef keeps its target alive until the job that made or read it has ended.
    await nextTurn();
    collectGarbage();
    await nextTurn();
    expect(ref.deref()).toBeUndefined();
  });

  test('leaves --expose-gc unset, so a code cache written later matches the flags of later starts', () => {
    collectGarbage();
    collectGarbage();
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});

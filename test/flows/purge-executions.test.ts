/** purgeEndedExecutions: deletes ended executions only, counts failures, never throws for one. */
import { purgeEndedExecutions, type ExecutionRef, type ExecutionsApi } from '../../src/tooling/flows/purge-executions';

function api(executions: ExecutionRef[], failing: ReadonlySet<string> = new Set()) {
  const removed: string[] = [];
  const stub: ExecutionsApi = {
    listEnded: async (limit) => executions.slice(0, limit),
    remove: async (sid) => {
      if (failing.has(sid)) throw new Error('20404');
      removed.push(sid);
    },
  };
  return { stub, removed };
}

const fn = (n: number): string => `FN${n.toString(16).padStart(32, '0')}`;

test('removes ended executions up to the limit and never an active one', async () => {
  const { stub, removed } = api([
    { sid: fn(1), status: 'ended' },
    { sid: fn(2), status: 'active' },
    { sid: fn(3), status: 'ended' },
    { sid: fn(4), status: 'ended' },
  ]);
  expect(await purgeEndedExecutions(stub, 3)).toEqual({ deleted: 2, failed: 0 });
  expect(removed).toEqual([fn(1), fn(3)]);
});

test('a delete that fails is counted and the others still go', async () => {
  const { stub, removed } = api(
    [
      { sid: fn(1), status: 'ended' },
      { sid: fn(2), status: 'ended' },
    ],
    new Set([fn(1)]),
  );
  expect(await purgeEndedExecutions(stub, 10)).toEqual({ deleted: 1, failed: 1 });
  expect(removed).toEqual([fn(2)]);
});

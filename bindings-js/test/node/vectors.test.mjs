// Every shared vector (tests/vectors) through the public typed API.
import { test } from 'node:test';
import * as sdk from '../../dist/node.mjs';
import { loadCases, runCase, runConfigCase } from '../helpers/vectors.mjs';

const cases = loadCases();

test('there are vectors', (t) => {
  t.assert.ok(cases.length > 100, `${cases.length} cases`);
});

for (const { operation, file, case: c } of cases) {
  test(`${file}: ${c.name}`, async () => {
    if (operation === 'config') await runConfigCase(sdk, c);
    else await runCase(sdk, operation, c);
  });
}

import {
  type AttentionSite,
  allFixtures,
  attentionReference,
  attentionSiteValueNames,
  describeSoftmaxNode,
  type Fixture,
  type Float64Tensor,
  type RunOptions,
  runWithExtraOutputs,
} from '../src/index.js';

/** The if-branch fixture takes then_branch on even seeds and else_branch on odd ones, so two seeds reach every site. */
const SEEDS = [0, 1];

function runOptions(fixture: Fixture): RunOptions {
  if (fixture.externalData === undefined) return {};
  return { externalData: [{ path: fixture.externalData.fileName, data: fixture.externalData.bytes }] };
}

/** Tolerance by the type the graph computes the scores in. */
function tolerance(scores: Float64Tensor): number {
  return scores.type === 'float16' ? 2e-3 : 1e-5;
}

function maxAbsoluteDifference(expected: Float64Array, actual: Float64Array): number {
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs((expected[i] ?? 0) - (actual[i] ?? Number.NaN)));
  return max;
}

function countNonFinite(data: Float64Array): number {
  return data.reduce((count, value) => (Number.isFinite(value) ? count : count + 1), 0);
}

async function runSites(fixture: Fixture, seed: number): Promise<Map<string, Float64Tensor>> {
  const names = fixture.attention.flatMap((site) => [...attentionSiteValueNames(site), describeSoftmaxNode(fixture.bytes, site.softmax).output]);
  const outputSoftmaxNames = (fixture.outputSoftmax ?? []).map((name) => describeSoftmaxNode(fixture.bytes, name).output);
  return runWithExtraOutputs(fixture.bytes, fixture.inputs(seed), [...names, ...outputSoftmaxNames], runOptions(fixture));
}

/** True when every element of some softmax row of the site is masked, judged from the mask values. */
function hasFullyMaskedRow(site: AttentionSite, values: Map<string, Float64Tensor>, rowLength: number): boolean {
  const mask = site.mask;
  if (mask === undefined) return false;
  let additive: Float64Tensor | undefined;
  let condition: Float64Tensor | undefined;
  let keepWhen = true;
  if (mask.kind === 'additive') additive = values.get(mask.value);
  if (mask.kind === 'where+additive') additive = values.get(mask.additive);
  if (mask.kind === 'where' || mask.kind === 'where+additive') {
    condition = values.get(mask.condition);
    keepWhen = mask.keepWhen;
  }

  // The mask tensors end in the key axis, so a run of `rowLength` masked values is a masked row of scores.
  const source = additive ?? condition;
  if (source === undefined) return false;
  const isMasked = (value: number) => (additive !== undefined ? value <= -1e4 : (value !== 0) !== keepWhen);
  for (let start = 0; start + rowLength <= source.data.length; start += rowLength) {
    if (source.data.subarray(start, start + rowLength).every(isMasked)) return true;
  }
  return false;
}

const fixtures = allFixtures();

test('fixture names are unique', () => {
  const names = fixtures.map((fixture) => fixture.name);
  expect(new Set(names).size).toBe(names.length);
});

describe.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
  test('declares attention sites', () => {
    expect(fixture.attention.length).toBeGreaterThan(0);
  });

  test('inputs are deterministic per seed', () => {
    expect(fixture.inputs(3)).toEqual(fixture.inputs(3));
  });

  test.each(SEEDS)('runs with finite outputs (seed %i)', async (seed) => {
    const values = await runWithExtraOutputs(fixture.bytes, fixture.inputs(seed), [], runOptions(fixture));
    expect(values.size).toBeGreaterThan(0);
    for (const [name, tensor] of values) {
      expect({ name, nonFinite: countNonFinite(tensor.data) }).toEqual({ name, nonFinite: 0 });
    }
  });

  test('attention sites match float64 reference', async () => {
    const checkedSites = new Set<string>();
    for (const seed of SEEDS) {
      const values = await runSites(fixture, seed);
      for (const site of fixture.attention) {
        const node = describeSoftmaxNode(fixture.bytes, site.softmax);
        const actual = values.get(node.output);
        const scores = values.get(site.scores);
        if (actual === undefined || scores === undefined) throw new Error(`Site ${site.softmax} returned no values.`);
        // A site inside an If branch that did not run returns empty tensors.
        if (actual.data.length === 0) continue;

        expect({ site: site.softmax, axis: site.axis }).toEqual({ site: site.softmax, axis: node.axis });
        expect({ site: site.softmax, nonFinite: countNonFinite(actual.data) }).toEqual({ site: site.softmax, nonFinite: 0 });

        const expected = attentionReference(site, node, values);
        expect(expected.data.length).toBe(actual.data.length);
        const difference = maxAbsoluteDifference(expected.data, actual.data);
        expect({ site: site.softmax, seed, withinTolerance: difference <= tolerance(scores), difference }).toEqual({
          site: site.softmax,
          seed,
          withinTolerance: true,
          difference,
        });
        checkedSites.add(site.softmax);
      }
    }
    expect([...checkedSites].sort()).toEqual(fixture.attention.map((site) => site.softmax).sort());
  });

  test('mask feeds include a fully masked row', async () => {
    const feeds = fixture.inputs(1);
    const takesMask = 'attention_mask' in feeds || 'length' in feeds;
    if (!takesMask) return;

    const values = await runSites(fixture, 1);
    for (const site of fixture.attention) {
      const output = values.get(describeSoftmaxNode(fixture.bytes, site.softmax).output);
      if (output === undefined || output.data.length === 0) continue;
      const keyLength = output.dims[output.dims.length - 1] ?? 0;
      expect({ site: site.softmax, fullyMasked: hasFullyMaskedRow(site, values, keyLength) }).toEqual({ site: site.softmax, fullyMasked: true });
    }
  });

  test('output softmax nodes normalize their rows', async () => {
    const names = fixture.outputSoftmax ?? [];
    if (names.length === 0) return;
    const values = await runSites(fixture, 1);
    for (const name of names) {
      const node = describeSoftmaxNode(fixture.bytes, name);
      const output = values.get(node.output);
      if (output === undefined) throw new Error(`Output softmax ${name} returned no values.`);
      const rowLength = output.dims[output.dims.length - 1] ?? 1;
      for (let start = 0; start < output.data.length; start += rowLength) {
        const row = output.data.subarray(start, start + rowLength);
        const total = node.opType === 'LogSoftmax' ? row.reduce((sum, value) => sum + Math.exp(value), 0) : row.reduce((sum, value) => sum + value, 0);
        expect(total).toBeCloseTo(1, 5);
      }
    }
  });
});

// The long mode of the property tests: `npm run fuzz -- --runs 100000 [--seed N]`: --runs
// inputs in all over eleven properties (generated and mutated inputs, and the reader against dockerfile-ast); prints one line per property with its count and time.
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import * as p from './properties';
import { readerInput, readersAgree } from './reader';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not '${values.runs}'`);

const fixtures = p.fixtureTexts();
const generated = p.arbitraryCase(p.generatedDockerfile);
const mutated = p.arbitraryCase(p.mutatedFixture(fixtures));
const rule = fc.nat({ max: p.RULE_COUNT - 1 });
// --runs inputs in all, shared by eleven property and input-source pairs.
const each = Math.ceil(runs / 11);
console.log(`fuzz: seed ${seed}, ${each} inputs for each of 11 properties`);
let total = 0;
let failed = 0;

function run<T>(name: string, property: fc.IProperty<T>): void {
  const started = process.hrtime.bigint();
  try {
    const { runs: done } = p.checkProperty(name, property, each, seed);
    total += done;
    console.log(`${name}: ${done} inputs passed in ${Number((process.hrtime.bigint() - started) / 1_000_000n) / 1000} s`);
  } catch (error) {
    failed++;
    console.log((error as Error).message);
  }
}

for (const [source, cases] of [
  ['generated', generated],
  [`mutated (${fixtures.length} fixtures)`, mutated],
] as const) {
  run(`${source}: no exception, ranges inside`, fc.property(cases, p.noExceptionAndRangesInside));
  run(`${source}: same input, same diagnostics`, fc.property(cases, p.sameInputSameDiagnostics));
  run(`${source}: unrelated comment`, fc.property(cases, fc.nat(), p.unrelatedCommentChangesNothing));
  run(`${source}: failing rule`, fc.property(cases, rule, p.failingRuleCostsOnlyThatRule));
}
run('generated instructions: the reader agrees with dockerfile-ast', fc.property(readerInput, readersAgree));
run('generated: the reader agrees with dockerfile-ast', fc.property(p.generatedDockerfile, readersAgree));
run(
  `mutated (${fixtures.length} fixtures): the reader agrees with dockerfile-ast`,
  fc.property(
    mutated.map((c) => c.text),
    readersAgree,
  ),
);
console.log(`fuzz: ${total} inputs passed, ${failed} properties failed`);
process.exitCode = failed > 0 ? 1 : 0;

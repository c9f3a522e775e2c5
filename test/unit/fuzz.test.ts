// The property tests with a small budget, on every `npm test`; `npm run fuzz -- --runs N` runs them long.
// Inputs that once failed are kept in test/fixtures/fuzz and checked on every run.
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import * as p from '../fuzz/properties';
import { readerInput, readersAgree } from '../fuzz/reader';

const RUNS = 150;
const fixtures = p.fixtureTexts();
const FUZZ_FIXTURES = path.join(p.repoRoot, 'test', 'fixtures', 'fuzz');

describe('properties of the analysis', { timeout: 300_000 }, () => {
  const generated = p.arbitraryCase(p.generatedDockerfile);
  const mutated = p.arbitraryCase(p.mutatedFixture(fixtures));

  it(`mutates all ${fixtures.length} fixtures (examples, engine and editor fixtures)`, () => {
    if (fixtures.length < 10) throw new Error(`only ${fixtures.length} fixtures found`);
  });
  for (const [name, cases] of [
    ['generated Dockerfiles', generated],
    ['mutated fixtures', mutated],
  ] as const) {
    const check = <T>(what: string, property: fc.IProperty<T>, runs: number) => {
      it(`${name}: ${what}`, () => void p.checkProperty(what, property, runs));
    };
    check('no exception, every range inside the document', fc.property(cases, p.noExceptionAndRangesInside), RUNS);
    check('the same input gives the same diagnostics', fc.property(cases, p.sameInputSameDiagnostics), RUNS / 3);
    check(
      'an unrelated comment changes nothing but line numbers',
      fc.property(cases, fc.nat(), p.unrelatedCommentChangesNothing),
      RUNS / 3,
    );
    check(
      'a failing rule costs only that rule',
      fc.property(cases, fc.nat({ max: p.RULE_COUNT - 1 }), p.failingRuleCostsOnlyThatRule),
      RUNS / 3,
    );
  }

  // The instruction reader against dockerfile-ast, its oracle (test/fuzz/reader.ts).
  for (const [name, texts, runs] of [
    ['generated instructions', readerInput, RUNS * 4],
    ['generated Dockerfiles', p.generatedDockerfile, RUNS],
    ['mutated fixtures', p.mutatedFixture(fixtures), RUNS],
  ] as const) {
    it(`${name}: the reader and dockerfile-ast describe every instruction alike`, () =>
      void p.checkProperty('readers agree', fc.property(texts, readersAgree), runs));
  }

  it('inputs that once failed still pass every property', () => {
    const kept = fs.existsSync(FUZZ_FIXTURES) ? fs.readdirSync(FUZZ_FIXTURES).filter((f) => f.endsWith('.Dockerfile')) : [];
    for (const name of kept) {
      const text = fs.readFileSync(path.join(FUZZ_FIXTURES, name), 'utf8');
      readersAgree(text);
      for (const withContext of [false, true]) {
        const c = { text, withContext };
        p.noExceptionAndRangesInside(c);
        p.sameInputSameDiagnostics(c);
        for (let choice = 0; choice < 3; choice++) p.unrelatedCommentChangesNothing(c, choice);
        for (let rule = 0; rule < p.RULE_COUNT; rule++) p.failingRuleCostsOnlyThatRule(c, rule);
      }
    }
  });
});

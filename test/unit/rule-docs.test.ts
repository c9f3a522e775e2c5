// The rule pages in docs/rules: one per rule of the catalogue with the required
// sections, and examples that do what the page says. The Dockerfile under `## Example` must produce
// the rule, the one under `## Fixed` must not. A section may hold
//   <!-- files: {"train.py": "..."} -->   build-context files (the Dockerfile is analysed in a temp folder with them)
//   <!-- also-reports: SM201 -->          other rules this example is expected to produce as well
// Without a files comment the example is analysed without a build context (`context: null`);
// `## Fixed` uses the files of `## Example` unless it has its own.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Diagnostic } from 'vscode-languageserver-types';
import { analyzeDockerfile, RULES, ruleDocUrl, type Analysis, type RuleInfo } from '../../analysis/src';
import { findingData } from '../../analysis/src/finding-data';
import { isRuleId, RULE_DOCS_BASE } from '../../analysis/src/rules/catalog';

const REPO = path.resolve(__dirname, '..', '..', '..');
const DOCS = path.join(REPO, 'docs', 'rules');

const REQUIRED_SECTIONS = ['What it reports', 'Why', 'Example', 'Fixed', 'How to fix', 'How to silence'];

interface Example {
  dockerfile: string;
  files?: Record<string, string>;
  alsoReports: string[];
}

interface Page {
  text: string;
  title: string;
  sections: Map<string, string>;
}

function readPage(id: string): Page {
  const text = fs.readFileSync(path.join(DOCS, `${id}.md`), 'utf8');
  const title = /^# (.*)$/m.exec(text)?.[1] ?? '';
  const sections = new Map<string, string>();
  const parts = text.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    sections.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return { text, title, sections };
}

function example(page: Page, section: 'Example' | 'Fixed'): Example {
  const body = page.sections.get(section) ?? '';
  const blocks = [...body.matchAll(/^```dockerfile\n([\s\S]*?)^```$/gm)];
  assert.equal(blocks.length, 1, `## ${section} must hold exactly one \`\`\`dockerfile block`);
  const files = /<!--\s*files:\s*([\s\S]*?)\s*-->/.exec(body);
  const also = /<!--\s*also-reports:\s*([\s\S]*?)\s*-->/.exec(body);
  return {
    dockerfile: blocks[0][1],
    files: files ? (JSON.parse(files[1]) as Record<string, string>) : undefined,
    alsoReports: also ? also[1].split(/[\s,]+/).filter(Boolean) : [],
  };
}

/** Analyses a Dockerfile as the editor would: in a temp build context holding `files`, or with no context. */
function analyze(dockerfile: string, files: Record<string, string> | undefined, severities?: Record<string, 'off'>): Analysis {
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  let analysis: Analysis;
  if (!files) {
    analysis = analyzeDockerfile(dockerfile, { context: null, severities, log });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-rule-doc-'));
    try {
      for (const [rel, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), content);
      }
      const dockerfilePath = path.join(dir, 'Dockerfile');
      fs.writeFileSync(dockerfilePath, dockerfile);
      analysis = analyzeDockerfile(dockerfile, { dockerfilePath, workspaceRoot: dir, severities, log });
      assert.equal(analysis.contextDir, dir, 'the example must be analysed in its build context');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.deepEqual(
    logs.filter((l) => l.startsWith('rule ')),
    [],
    'a rule threw',
  );
  return analysis;
}

const codes = (a: Analysis) => a.diagnostics.map((d) => String(d.code));
const describeAll = (a: Analysis) =>
  a.diagnostics.map((d) => `${String(d.code)} line ${d.range.start.line + 1}: ${Diagnostic.getMessageString(d)}`).join('\n');

describe('rule docs: one page per rule', () => {
  it('every rule has a page and every page is a rule', () => {
    const pages = fs
      .readdirSync(DOCS)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(pages, RULES.map((r) => r.id).sort());
  });

  it('the index lists and links every rule with its name and default severity', () => {
    const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
    for (const rule of RULES) {
      assert.ok(
        index.includes(`| [${rule.id}](${rule.id}.md) | ${rule.name} | ${rule.defaultSeverity} |`),
        `${rule.id} is missing from docs/rules/README.md`,
      );
    }
  });

  it('links between pages point at pages that exist', () => {
    for (const file of fs.readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(DOCS, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+\.md)(#[^)]*)?\)/g)) {
        assert.ok(!/^[a-z]+:/.test(target) || target.startsWith('https://'), `${file}: ${target}`);
        if (!target.startsWith('https://')) assert.ok(fs.existsSync(path.join(DOCS, target)), `${file} links to missing ${target}`);
      }
    }
  });
});

describe('rule docs: the link in every diagnostic', () => {
  it('points at the published page by default, at any base when one is given', () => {
    for (const { id } of RULES) {
      assert.equal(ruleDocUrl(id), `${RULE_DOCS_BASE}/${id}.md`);
      assert.match(RULE_DOCS_BASE, /^https:\/\/github\.com\/.+\/docs\/rules$/);
      assert.ok(fs.existsSync(path.join(REPO, 'docs', 'rules', `${id}.md`)));
      assert.equal(ruleDocUrl(id, 'file:///ext/docs/rules'), `file:///ext/docs/rules/${id}.md`);
      assert.equal(ruleDocUrl(id, 'file:///ext/docs/rules/'), `file:///ext/docs/rules/${id}.md`);
    }
  });

  it('diagnostics carry the link of their rule', () => {
    const a = analyze('FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry\n', undefined);
    const d = a.diagnostics.find((x) => x.code === 'SM101');
    assert.equal(d?.codeDescription?.href, ruleDocUrl('SM101'));
  });

  it('the pages ship in the extension', () => {
    const ignore = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split(/\r?\n/);
    assert.ok(ignore.includes('!docs/rules/**'), '.vscodeignore must let docs/rules/** into the package');
  });
});

for (const rule of RULES) {
  describe(`rule docs: ${rule.id} ${rule.name}`, () => {
    const page = readPage(rule.id);

    it('has the title, the default severity and every section', () => {
      assert.equal(page.title, `${rule.id} ${rule.name}`);
      assert.match(page.text, new RegExp(`^Default severity: \\*\\*${rule.defaultSeverity}\\*\\*`, 'm'));
      assert.match(page.text, new RegExp(`Reads files of the build context: \\*\\*${rule.needsContext ? 'yes' : 'no'}\\*\\*`));
      assert.deepEqual(
        REQUIRED_SECTIONS.filter((s) => !(page.sections.get(s) ?? '').trim()),
        [],
        'missing or empty sections',
      );
      const silence = page.sections.get('How to silence') ?? '';
      assert.ok(silence.includes(`global ignore=${rule.id}`), 'How to silence names the file-wide comment');
      assert.ok(silence.includes('sagemakerEntrypoint.rules'), 'How to silence names the setting');
    });

    it('the example produces the rule (and only what the page says)', () => {
      const bad = example(page, 'Example');
      assertContext(rule, bad);
      const a = analyze(bad.dockerfile, bad.files);
      assert.ok(codes(a).includes(rule.id), `the example does not produce ${rule.id}:\n${describeAll(a) || '(nothing)'}`);
      assert.deepEqual(
        [...new Set(codes(a))].sort(),
        [...new Set([rule.id, ...bad.alsoReports])].sort(),
        `unexpected diagnostics (list expected ones in <!-- also-reports: … -->):\n${describeAll(a)}`,
      );
    });

    it("every payload of the example is its rule's shape after a JSON round trip", () => {
      const bad = example(page, 'Example');
      for (const d of analyze(bad.dockerfile, bad.files).diagnostics) {
        const code = String(d.code);
        assert.ok(isRuleId(code), code);
        const sent: unknown = JSON.parse(JSON.stringify(d.data));
        assert.ok(findingData(code, sent), `${code}: ${JSON.stringify(sent)}`);
      }
    });

    it('the fixed example does not', () => {
      const bad = example(page, 'Example');
      const fixed = example(page, 'Fixed');
      const files = fixed.files ?? bad.files;
      assertContext(rule, { ...fixed, files });
      const a = analyze(fixed.dockerfile, files);
      assert.ok(!codes(a).includes(rule.id), `the fixed example still produces ${rule.id}:\n${describeAll(a)}`);
      assert.deepEqual([...new Set(codes(a))].sort(), [...new Set(fixed.alsoReports)].sort(), `unexpected diagnostics:\n${describeAll(a)}`);
    });

    it('is silenced the ways the page says', () => {
      const bad = example(page, 'Example');
      const silence = page.sections.get('How to silence') ?? '';
      // The setting.
      assert.ok(!codes(analyze(bad.dockerfile, bad.files, { [rule.id]: 'off' })).includes(rule.id), 'severity off');
      // The file-wide comment.
      const global = `# sagemaker-entrypoint global ignore=${rule.id} documented\n${bad.dockerfile}`;
      assert.ok(!codes(analyze(global, bad.files)).includes(rule.id), 'global ignore comment');
      // The comment above the instruction, where the page offers it.
      if (!silence.includes(`ignore=${rule.id} <reason>`)) return;
      const a = analyze(bad.dockerfile, bad.files);
      const instructions = a.model.parsed.instructions;
      const lines = bad.dockerfile.split('\n');
      const starts = new Set<number>();
      for (const d of a.diagnostics.filter((x) => x.code === rule.id)) {
        const instr = instructions.find((i) => i.range.start.line <= d.range.start.line && d.range.start.line <= i.range.end.line);
        assert.ok(
          instr,
          `${rule.id} on line ${d.range.start.line + 1} is not on an instruction, so the page must not offer the per-instruction comment`,
        );
        starts.add(instr.range.start.line);
      }
      const withComments = lines
        .flatMap((line, i) => (starts.has(i) ? [`# sagemaker-entrypoint ignore=${rule.id} documented`, line] : [line]))
        .join('\n');
      assert.ok(!codes(analyze(withComments, bad.files)).includes(rule.id), `comment above the instruction:\n${withComments}`);
    });
  });
}

function assertContext(rule: RuleInfo, e: Example): void {
  if (rule.needsContext) assert.ok(e.files, `${rule.id} reads the build context: give the example its files in <!-- files: {...} -->`);
}

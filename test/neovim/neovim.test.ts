// A second real LSP client: headless Neovim (Debian's 0.7, which cannot pull diagnostics) runs the bundled
// server over stdio, shows the findings of examples/mistakes, applies a quick fix and sees the finding go.
// Without nvim the tests skip with the reason; with CI set they fail instead (.ci/run installs it).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(repoRoot, 'dist', 'server.js');
const CLIENT_SCRIPT = path.join(repoRoot, 'test', 'neovim', 'client.lua');
const NVIM_TIMEOUT_MS = 90_000;

interface Seen {
  code: string;
  line: number;
  severity: number;
  source: string;
  message: string;
}

interface NeovimResult {
  nvim: string;
  pull_announced: boolean;
  before: Seen[];
  after?: Seen[];
  actions?: string[];
  applied?: string;
  fixed_line?: string;
  error?: string;
}

function missingPrerequisite(): string | undefined {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (version.error || version.status !== 0) return 'nvim is not installed (Debian: apt-get install neovim; .ci/run does)';
  if (!fs.existsSync(SERVER)) return `${path.relative(repoRoot, SERVER)} is missing: run npm run build`;
  return undefined;
}

/** Copies examples/mistakes to a temporary folder (the fix edits only the buffer, but nothing may touch the examples). */
function mistakesCopy(): { folder: string; remove: () => void } {
  const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-neovim-')));
  const folder = path.join(scratch, 'mistakes');
  fs.cpSync(path.join(repoRoot, 'examples', 'mistakes'), folder, { recursive: true });
  return { folder, remove: () => fs.rmSync(scratch, { recursive: true, force: true }) };
}

/** Runs client.lua in headless Neovim on one Dockerfile and returns what it wrote. */
function runNeovim(
  folder: string,
  file: string,
  expect: string[],
  fix: string,
  settings: unknown = {},
): Promise<{ status: number | null; result: NeovimResult; stderr: string }> {
  const resultFile = path.join(folder, '..', `result-${path.basename(file)}.json`);
  const child = spawn('nvim', ['--headless', '--clean', '-c', `luafile ${CLIENT_SCRIPT}`], {
    cwd: folder,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      SME_SERVER: SERVER,
      SME_FILE: path.join(folder, file),
      SME_ROOT: folder,
      SME_EXPECT: expect.join(','),
      SME_FIX: fix,
      SME_RESULT: resultFile,
      SME_WAIT_MS: '20000',
      SME_SETTINGS: JSON.stringify(settings),
    },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8'); // a character split across two chunks stays whole
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), NVIM_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      if (!fs.existsSync(resultFile)) {
        reject(new Error(`nvim exited (${status}) without a result; stderr: ${stderr}`));
        return;
      }
      resolve({ status, result: JSON.parse(fs.readFileSync(resultFile, 'utf8')) as NeovimResult, stderr });
    });
  });
}

const at = (seen: Seen[]) => seen.map((d) => `${d.code}@${d.line}`).sort();

const reason = missingPrerequisite();
const ci = Boolean(process.env.CI) && !['false', '0'].includes((process.env.CI ?? '').toLowerCase());

if (reason && ci) {
  describe('Neovim', () => it('has what the Neovim tests need (required in CI)', () => assert.fail(`CI is set and ${reason}`)));
} else {
  describe('Neovim as an LSP client', { skip: reason, timeout: 2 * NVIM_TIMEOUT_MS }, () => {
    it('shows SM101 on Dockerfile.module, the quick fix adds the function, and settings from Neovim apply', async () => {
      const copy = mistakesCopy();
      try {
        const settings = { sagemakerEntrypoint: { rules: { SM105: 'off' } } };
        const { status, result, stderr } = await runNeovim(copy.folder, 'Dockerfile.module', ['SM101'], 'SM101', settings);
        assert.equal(result.error, undefined, `Neovim reported: ${result.error}; stderr: ${stderr}`);
        assert.equal(status, 0);
        assert.match(result.nvim, /^0\.\d+\.\d+$/);
        assert.equal(result.pull_announced, false, 'Neovim 0.7 cannot pull, so the server offers none');
        assert.deepEqual(at(result.before), ['SM101@6']);
        const [sm101] = result.before;
        assert.equal(sm101.severity, DiagnosticSeverity.Error, 'an error');
        assert.equal(sm101.source, 'sagemaker-entrypoint');
        assert.equal(result.applied, "Add ':main'");
        assert.equal(result.fixed_line, '    SAGEMAKER_TRAINING_MODULE=trainer.entry:main');
        // main(config) needs an argument, which SM105 would report, but the settings turned it off.
        assert.deepEqual(at(result.after ?? []), []);
      } finally {
        copy.remove();
      }
    });

    it('shows every finding of the mistakes Dockerfile on its line and the SM001 fix renames the key', async () => {
      const copy = mistakesCopy();
      try {
        const expected = ['SM001@14', 'SM101@12', 'SM204@10', 'SM207@6', 'SM301@13', 'SM304@15', 'SM401@18', 'SM402@12'];
        const codes = [...new Set(expected.map((e) => e.split('@')[0]))];
        const { status, result, stderr } = await runNeovim(copy.folder, 'Dockerfile', codes, 'SM001');
        assert.equal(result.error, undefined, `Neovim reported: ${result.error}; stderr: ${stderr}`);
        assert.equal(status, 0);
        assert.deepEqual(at(result.before), expected);
        assert.match(result.applied ?? '', /SAGEMAKER_REGION/);
        assert.equal(result.fixed_line, '    SAGEMAKER_REGION=us-east-1 \\');
        assert.deepEqual(
          at(result.after ?? []),
          expected.filter((e) => !e.startsWith('SM001')),
        );
      } finally {
        copy.remove();
      }
    });
  });
}

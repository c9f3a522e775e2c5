// A minimal sequential test runner for the extension host (no mocha there): runs each test once,
// with a timeout, prints one line per test and a machine-readable summary for the launcher.

export interface TestCase {
  name: string;
  run: () => Promise<void>;
  /** Default 30 s. */
  timeoutMs?: number;
}

export interface Summary {
  passed: number;
  failed: number;
  pending: number;
}

/** Thrown by `pending()`: the test is known to be unfinished; reported, not failed. */
class Pending extends Error {}

export function pending(reason: string): never {
  throw new Pending(reason);
}

/** The launcher (scripts/run-vscode-tests.js) reads the counts after this marker. */
const RESULT_MARKER = 'e2e-result';

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runTests(title: string, tests: TestCase[]): Promise<Summary> {
  const summary: Summary = { passed: 0, failed: 0, pending: 0 };
  console.log(title);
  for (const test of tests) {
    const started = Date.now();
    try {
      await withTimeout(test.run(), test.timeoutMs ?? 30_000, `'${test.name}'`);
      summary.passed++;
      console.log(`  ✔ ${test.name} (${Date.now() - started} ms)`);
    } catch (error) {
      if (error instanceof Pending) {
        summary.pending++;
        console.log(`  - ${test.name} (pending: ${error.message})`);
      } else {
        summary.failed++;
        console.log(`  ✖ ${test.name} (${Date.now() - started} ms)`);
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        console.log(text.replace(/^/gm, '      '));
      }
    }
  }
  console.log(`${summary.passed} passing, ${summary.failed} failing, ${summary.pending} pending`);
  console.log(`${RESULT_MARKER} ${JSON.stringify(summary)}`);
  return summary;
}

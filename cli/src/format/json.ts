// `--format json`: one array of findings, with exactly the fields README.md#on-the-command-line lists.
import type { CheckedFile } from '../findings';

export function formatJson(files: readonly CheckedFile[]): string {
  const findings = files.flatMap((f) =>
    f.findings.map(({ file, code, severity, message, line, column, endLine, endColumn }) => ({
      file,
      code,
      severity,
      message,
      line,
      column,
      endLine,
      endColumn,
    })),
  );
  return `${JSON.stringify(findings, null, 2)}\n`;
}

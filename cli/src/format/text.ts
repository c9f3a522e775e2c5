// Default format: `path:line:col: severity message [SMxxx]`, grouped by file, then a summary line.
import type { Severity } from '../../../analysis/src';
import type { CheckedFile } from '../findings';

const ANSI: Record<Severity | 'dim' | 'reset', string> = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  hint: '\x1b[2m',
  dim: '\x1b[2m',
  reset: '\x1b[0m',
};

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function summaryLine(files: readonly CheckedFile[]): string {
  const totals: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const finding of files.flatMap((f) => f.findings)) totals[finding.severity]++;
  const parts = [count(totals.error, 'error'), count(totals.warning, 'warning'), count(totals.info, 'info', 'info')];
  if (totals.hint > 0) parts.push(count(totals.hint, 'hint'));
  return `${parts.join(', ')} in ${count(files.length, 'file')}`;
}

export function formatText(files: readonly CheckedFile[], color: boolean): string {
  const paint = (style: keyof typeof ANSI, text: string): string => (color ? `${ANSI[style]}${text}${ANSI.reset}` : text);
  const lines = files.flatMap((f) =>
    f.findings.map((finding) => {
      // One finding per line, whatever the message holds.
      const message = finding.message.replace(/\s*\r?\n\s*/g, ' ');
      const where = `${finding.file}:${finding.line}:${finding.column}:`;
      return `${where} ${paint(finding.severity, finding.severity)} ${message} ${paint('dim', `[${finding.code}]`)}`;
    }),
  );
  lines.push(summaryLine(files));
  return `${lines.join('\n')}\n`;
}

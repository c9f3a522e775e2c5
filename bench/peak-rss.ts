// Loaded with `node --require` by the benchmark: writes the process's peak memory to stderr as it exits.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});

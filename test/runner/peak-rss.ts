// Loaded with `node --require` into a CLI under test: at its exit, writes the process' peak resident set size in
// KiB (getrusage's ru_maxrss) to the file PEAK_RSS_FILE names.
import * as fs from 'node:fs';

const file = process.env.PEAK_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));

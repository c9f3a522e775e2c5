// Which Dockerfile instruction a failed build stopped at, read from the build's own output. podman (buildah, also
// behind the docker CLI on podman's Docker API) announces `[k/n] STEP i/m: TEXT` before each instruction and ends
// with `building at STEP "TEXT": …`; docker's classic builder announces `Step i/m : TEXT`; BuildKit names the file
// and line in its error (`Dockerfile:12`). A step's text is found again in the Dockerfile by its words.
import * as path from 'node:path';
import { LineIndex, splitInstructions } from '../../analysis/src';

export interface FailedStep {
  /** The Dockerfile, as given to the build. */
  file: string;
  /** 1-based first line of the instruction. */
  line: number;
  /** The instruction, continuation lines joined and blanks collapsed, at most 200 characters. */
  instruction: string;
}

interface Announced {
  text: string;
  /** 1-based stage, when the engine said (`[2/3] STEP …`). */
  stage?: number;
}

const PODMAN_STEP = /^(?:\[(\d+)\/\d+\] )?STEP \d+\/\d+: (.+)$/;
const CLASSIC_STEP = /^Step \d+\/\d+ : (.+)$/;
const PODMAN_ERROR = /(?:^|: )building at STEP "(.+)": /;
const INSTRUCTION_LIMIT = 200;

/** Watches a build's output line by line and keeps only what locates the failure: O(1) memory whatever the log. */
export class BuildStepTracker {
  private lastStep: Announced | undefined;
  private failedText: string | undefined;
  private reportedLine: number | undefined;
  private readonly location: RegExp;

  constructor(dockerfile: string) {
    const name = path.basename(dockerfile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.location = new RegExp(`^${name}:(\\d+)$`);
  }

  push(line: string): void {
    const step = PODMAN_STEP.exec(line) ?? CLASSIC_STEP.exec(line);
    if (step) {
      this.lastStep = step.length === 3 ? { text: step[2], stage: step[1] ? Number(step[1]) : undefined } : { text: step[1] };
      return;
    }
    const failed = PODMAN_ERROR.exec(line);
    if (failed) this.failedText = failed[1];
    const reported = this.location.exec(line.trim());
    if (reported) this.reportedLine = Number(reported[1]);
  }

  /** The failing instruction in `text` (the Dockerfile the build read); undefined when the output does not say. */
  locate(file: string, text: string): FailedStep | undefined {
    const instructions = dockerfileInstructions(text);
    const line = this.reportedLine;
    const found =
      (line !== undefined ? instructions.find((i) => i.startLine < line && line <= i.endLine) : undefined) ??
      (this.failedText !== undefined ? match(instructions, { text: this.failedText, stage: this.lastStep?.stage }) : undefined) ??
      (this.lastStep ? match(instructions, this.lastStep) : undefined);
    if (!found) return undefined;
    const instruction = found.text.length > INSTRUCTION_LIMIT ? `${found.text.slice(0, INSTRUCTION_LIMIT)}…` : found.text;
    return { file, line: found.startLine + 1, instruction };
  }
}

interface DockerfileInstruction {
  keyword: string;
  /** Continuation lines joined, comment lines inside dropped, blanks collapsed. */
  text: string;
  /** 0-based first line, one past the last. */
  startLine: number;
  endLine: number;
  /** 1-based stage (0 before the first FROM). */
  stage: number;
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function dockerfileInstructions(text: string): DockerfileInstruction[] {
  const lines = new LineIndex(text);
  const { escapeChar, spans } = splitInstructions(text, lines);
  const result: DockerfileInstruction[] = [];
  let stage = 0;
  for (const span of spans) {
    if (span.keyword === 'FROM') stage++;
    const parts: string[] = [];
    for (let line = span.startLine; line < span.endLine; line++) {
      const content = lines.lineText(line);
      if (line > span.startLine && content.trimStart().startsWith('#')) continue;
      const trimmed = content.trimEnd();
      parts.push(trimmed.endsWith(escapeChar) ? trimmed.slice(0, -1) : content);
    }
    result.push({ keyword: span.keyword, text: normalize(parts.join('')), startLine: span.startLine, endLine: span.endLine, stage });
  }
  return result;
}

/** Upper-cases the first word, as engines print the keyword as written. */
function comparable(text: string): string {
  const normalized = normalize(text);
  const space = normalized.indexOf(' ');
  return space === -1 ? normalized.toUpperCase() : `${normalized.slice(0, space).toUpperCase()}${normalized.slice(space)}`;
}

function match(instructions: readonly DockerfileInstruction[], announced: Announced): DockerfileInstruction | undefined {
  const wanted = comparable(announced.text);
  const inStage = (list: DockerfileInstruction[]) => list.find((i) => i.stage === announced.stage) ?? list[0];
  const exact = instructions.filter((i) => comparable(i.text) === wanted);
  if (exact.length > 0) return inStage(exact);
  // An instruction the engine printed shortened (a heredoc without its body).
  const prefix = wanted.includes(' ') ? instructions.filter((i) => comparable(i.text).startsWith(wanted)) : [];
  if (prefix.length > 0) return inStage(prefix);
  // buildah prints `FROM <image id>` for a stage built on an earlier one, and FROM with its ARGs expanded.
  const froms = instructions.filter((i) => i.keyword === 'FROM');
  const stage = announced.stage ?? (froms.length === 1 ? 1 : undefined);
  return wanted.startsWith('FROM ') ? froms.find((i) => i.stage === stage) : undefined;
}

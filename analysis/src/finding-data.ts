// What each rule hands its quick fix in `Diagnostic.data`: one schema per rule, from which both its
// type (checked by the compiler where the rule writes it and where the fix reads it) and its runtime
// check (the data comes back from the client as unknown JSON) are made. Keep a payload to what an
// edit needs: a fix reads only the payload and the document, never the disk.
// The analysis imports this file for its types only; the schemas run in the server's code actions.
import * as v from 'valibot';

const position = v.object({ line: v.number(), character: v.number() });
const range = v.object({ start: position, end: position });
const strings = v.array(v.string());

/** An ENV value a fix replaces: the expanded value and where it is written. */
const value = { value: v.string(), valueRange: v.optional(range) };

/** A COPY argument as written: where it is, and whether the instruction is in exec (JSON) form. */
const copyArgument = v.object({ range, json: v.boolean() });

/** What deletes one ENV/ARG pair: the pair alone (`removeRange`), or the whole instruction when it has no other. */
const removal = { instructionRange: range, pairs: v.number(), removeRange: v.optional(range) };

/** For rules whose fix needs nothing beyond the diagnostic's range, or that have no fix. */
const none = v.object({});

export const FINDING_DATA = {
  SM000: v.object({ id: v.string() }),
  SM001: v.object({ suggestion: v.string() }),
  SM002: none,
  SM003: v.object({
    name: v.string(),
    /** The ARG has a default of its own. */
    hasValue: v.boolean(),
    pairs: v.number(),
    keywordRange: range,
    instructionRange: range,
    /** Declared before the first FROM: re-declared after `fromRange`, the FROM of the chain's first stage. */
    global: v.boolean(),
    fromRange: v.optional(range),
  }),
  SM004: v.object({ variable: v.string() }),
  SM005: v.object({ stage: v.union([v.string(), v.number()]) }),
  SM006: v.object({ ...removal, sameStage: v.boolean(), referenced: v.boolean() }),
  /** `roots`: the PYTHONPATH folders a path-like module is read relative to. */
  SM101: v.object({
    ...value,
    fix: v.optional(v.string()),
    module: v.string(),
    functions: v.optional(strings),
    roots: v.optional(strings),
  }),
  SM102: v.object({
    ...value,
    fix: v.optional(v.string()),
    module: v.string(),
    functions: v.optional(strings),
    roots: v.optional(strings),
  }),
  SM103: v.object({ ...value, module: v.string(), attributes: v.optional(strings) }),
  SM104: v.object({ ...value, function: v.string(), file: v.string(), functions: strings, candidates: strings }),
  SM105: v.object({ function: v.string(), file: v.string(), line: v.optional(v.number()), parameters: strings }),
  /** Where the module is, and the edit that puts its folder on PYTHONPATH: `text` written at `insertAt`. */
  SM106: v.object({ module: v.string(), imagePath: v.string(), folder: v.string(), insertAt: position, text: v.string() }),
  /** The async function, its file and the 0-based line of its name. */
  SM107: v.object({ function: v.string(), file: v.string(), line: v.number() }),
  SM201: v.object({
    program: v.string(),
    /** Where a file of the program's name was copied instead, and the destination word of that COPY. */
    landedAt: v.optional(v.string()),
    copyLine: v.optional(v.number()),
    copyDest: v.optional(copyArgument),
    /** The context file a new COPY would copy. */
    source: v.optional(v.string()),
    stageLine: v.number(),
    /** The instruction a new COPY goes after. */
    insertAfter: range,
  }),
  /** `destNamesFile`: the COPY's destination names the file, so another source keeps the program's name. */
  SM202: v.object({
    ...value,
    source: v.string(),
    excluded: v.boolean(),
    similar: strings,
    copySource: v.optional(copyArgument),
    destNamesFile: v.optional(v.boolean()),
  }),
  SM203: v.object({ ...value, relative: v.optional(v.string()) }),
  /**
   * The file name the fix keeps; none when the value is a command line (`-m pkg fit.py`). For words after
   * a NAME=value pair: where they are (removed), and whether they are a comment (moved to a line above).
   */
  SM204: v.object({
    ...value,
    program: v.optional(v.string()),
    stray: v.optional(v.object({ remove: range, words: v.string(), comment: v.boolean(), instructionLine: v.number() })),
  }),
  /** The script's absolute path, and whether it starts with a byte-order mark (the `#!` line replaces it). */
  SM205: v.object({ file: v.string(), bom: v.boolean() }),
  /** The script's absolute path, and where each of its CRLF line breaks starts. */
  SM206: v.object({ file: v.string(), crlfAt: v.array(position) }),
  /** Where the trailing '/' goes; absent when the COPY has no destination word. */
  SM207: v.object({ insertAt: v.optional(position) }),
  SM208: v.object({ module: v.string(), valid: v.boolean() }),
  /** The program, and the line of the COPY that put it in /opt/ml/code. */
  SM209: v.object({ program: v.string(), copyLine: v.number() }),
  SM301: v.object({ ...value, valid: strings }),
  SM302: v.object({ ...value, valid: strings }),
  SM303: v.object({ ...value, valid: strings }),
  SM304: v.object(removal),
  SM305: v.object(removal),
  /** The ENTRYPOINT's words, and its text as `/bin/sh -c` gets it. */
  /** The command as written, as the shell gets it, and the shell (the last SHELL before it, else /bin/sh -c). */
  SM401: v.object({ command: v.string(), text: v.string(), shell: v.optional(strings) }),
  SM402: none,
  /** The command nothing answers, the base image, the package that brings it, and where its RUN goes (absent without pip). */
  SM403: v.object({ command: v.picklist(['train', 'serve']), base: v.string(), install: v.string(), insertAt: v.optional(position) }),
} as const;

/** Every rule's stable ID. */
export type RuleId = keyof typeof FINDING_DATA;

/** The payload of each rule. */
export type FindingData = { [R in RuleId]: v.InferOutput<(typeof FINDING_DATA)[R]> };

export type Removal = FindingData['SM304'];

const SCHEMAS: { readonly [R in RuleId]: v.GenericSchema<FindingData[R]> } = FINDING_DATA;

/** `value` as the payload of rule `rule`, or undefined when it has another shape. */
export function findingData<R extends RuleId>(rule: R, value: unknown): FindingData[R] | undefined {
  const schema = SCHEMAS[rule];
  return v.is(schema, value) ? value : undefined;
}

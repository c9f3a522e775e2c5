// The character codes the readers and rules compare with (read-words.ts, read-properties.ts, property-name.ts, rules/start-command.ts).
export const TAB = 9;
export const LF = 10;
export const SPACE = 32;
export const QUOTE = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const APOSTROPHE = 39;
export const COMMA = 44;
export const SLASH = 47;
export const OPEN_BRACKET = 91;
export const BACKSLASH = 92;
export const CLOSE_BRACKET = 93;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;

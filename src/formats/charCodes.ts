/**
 * Character codes the hand-written readers compare `charCodeAt` with (the YAML readers, the YAML budget, the
 * suppression fix's line breaks): one list, named as YAML names them, instead of each file declaring its own.
 */

export const TAB = 0x09;
export const NEWLINE = 0x0a;
export const RETURN = 0x0d;
export const SPACE = 0x20;
export const BANG = 0x21;
export const DOUBLE_QUOTE = 0x22;
export const HASH = 0x23;
export const AMPERSAND = 0x26;
export const SINGLE_QUOTE = 0x27;
export const COMMA = 0x2c;
export const DASH = 0x2d;
export const COLON = 0x3a;
export const GREATER = 0x3e;
export const QUESTION = 0x3f;
export const OPEN_SQUARE = 0x5b;
export const BACKSLASH = 0x5c;
export const CLOSE_SQUARE = 0x5d;
export const OPEN_CURLY = 0x7b;
export const PIPE = 0x7c;
export const CLOSE_CURLY = 0x7d;

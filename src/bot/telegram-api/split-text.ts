/** Telegram's limit for one message's text, in UTF-16 code units (what JS string lengths count). */
export const MESSAGE_LIMIT = 4096;

export interface TextChunk {
  text: string;
  /** Where the chunk starts in the original text, to move entities along with it. */
  start: number;
}

/**
 * Cuts a text into messages Telegram accepts: at the last line break that keeps a chunk within
 * the limit, else at the last space, else hard (never inside a surrogate pair). A break in the
 * first half of the window is ignored so no chunk comes out tiny.
 */
export function splitText(text: string, limit = MESSAGE_LIMIT): TextChunk[] {
  const chunks: TextChunk[] = [];
  let pos = 0;
  while (text.length - pos > limit) {
    // One char past the limit: a line break exactly there still allows a full-length chunk.
    const window = text.slice(pos, pos + limit + 1);
    let cut = window.lastIndexOf('\n', limit);
    let separator = 1;
    if (cut < limit / 2) cut = window.lastIndexOf(' ', limit);
    if (cut < limit / 2) {
      cut = limit;
      separator = 0;
      if (isHighSurrogate(text.charCodeAt(pos + cut - 1))) cut -= 1;
    }
    let end = pos + cut;
    while (end > pos && text[end - 1] === '\n') end -= 1; // nor ends with them
    push(chunks, text.slice(pos, end), pos);
    pos += cut + separator;
    while (text[pos] === '\n') pos += 1; // a paragraph break: the next message starts with words, not blank lines
  }
  push(chunks, text.slice(pos), pos);
  return chunks;
}

function push(chunks: TextChunk[], text: string, start: number): void {
  if (text.trim() !== '') chunks.push({ text, start });
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Text carried in HTTP header values (ntfy's Title, Tags, Click …). Node hands header bytes
 * over as Latin-1, one character per byte, so `curl -H "Title: Über"` arrives as "Ãœber";
 * ntfy (Go) reads the same bytes as UTF-8 and also decodes RFC 2047 encoded words
 * (`=?UTF-8?B?…?=`), which senders use to stay within ASCII. We do as ntfy does.
 */
import libmime from 'libmime';

/** A byte of 0x80–0xFF: only then can the value be UTF-8 read as Latin-1. */
const HIGH_BYTE = /[\x80-\xff]/;
/** A character above 0xFF: the value is already proper text, not bytes. */
const ABOVE_LATIN1 = /[\u0100-\uffff]/;
/** The start of an RFC 2047 encoded word: `=?charset?B|Q?`. */
const ENCODED_WORD = /=\?[^?\s]+\?[BbQq]\?/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A header value as the text its sender meant: Latin-1-read UTF-8 bytes become UTF-8 text, and
 * RFC 2047 encoded words are decoded. A value that is not valid UTF-8 stays as it is (Latin-1
 * text such as "Caf\xe9" is "Café"), and plain ASCII is returned untouched.
 *
 * @example headerText('Ãœber news') // 'Über news'
 * @example headerText('=?UTF-8?B?w5xiZXIgbmV3cw==?=') // 'Über news'
 */
export function headerText(value: string): string {
  let text = value;
  if (HIGH_BYTE.test(text) && !ABOVE_LATIN1.test(text)) {
    try {
      text = utf8.decode(Buffer.from(text, 'latin1'));
    } catch {
      // Not UTF-8: the bytes were meant as Latin-1, which is how Node already read them.
    }
  }
  return ENCODED_WORD.test(text) ? libmime.decodeWords(text) : text;
}

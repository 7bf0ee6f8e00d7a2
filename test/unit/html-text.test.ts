import { describe, expect, it } from 'vitest';
import { htmlToText, stripTags } from '../../src/lib/html/text.ts';

describe('htmlToText', () => {
  it('drops tags, decodes entities, keeps block breaks and collapses whitespace', () => {
    expect(htmlToText('<p>Hello&nbsp;<b>world</b></p><p>Bye   now</p>')).toBe(
      'Hello world\nBye now',
    );
    expect(htmlToText('<ul><li>a</li><li>b</li></ul>x<br>y')).toBe('a\nb\nx\ny');
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr></table>')).toBe('a b');
  });

  it('skips scripts, styles and comments', () => {
    expect(htmlToText('a<script>if (a < b) alert(1)</script>b<style>p{}</style>c<!-- d -->e')).toBe(
      'abce',
    );
    expect(htmlToText('a<SCRIPT>x</SCRIPT >b')).toBe('ab');
  });

  it('keeps a < that is not a tag, and text without markup as is', () => {
    expect(htmlToText('1 < 2 &amp; 3 > 2')).toBe('1 < 2 & 3 > 2');
    expect(htmlToText('plain')).toBe('plain');
    expect(htmlToText('')).toBe('');
  });
});

describe('stripTags', () => {
  it('strips HTML elements but keeps words in angle brackets', () => {
    expect(stripTags('Example <b>Atom</b> &amp; <a href="x">more</a>')).toBe('Example Atom & more');
    expect(stripTags('Post 1: <today> and I <3 it')).toBe('Post 1: <today> and I <3 it');
  });

  it('collapses all whitespace to single spaces', () => {
    expect(stripTags('  a\n\t b\u00a0 c  ')).toBe('a b c');
    expect(stripTags('a<br>b<p>c</p>')).toBe('a b c');
  });
});

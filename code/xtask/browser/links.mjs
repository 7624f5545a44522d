// Checks links found on the rendered pages against the files of the book.
//
// A link is internal when it resolves to the test server's origin; it must
// then stay under the site-url prefix, name a file that exists, and, if it
// carries a #fragment, point at an element with that id (or a named anchor)
// in the target's HTML. Other http(s) and mailto links are external: they
// are counted, never fetched.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Creates a link checker for the book served at origin + prefix. */
export function linkChecker(bookDir, origin, prefix) {
  const root = resolve(bookDir);
  const idCache = new Map();

  /** The book file a same-origin path names, or an error message. */
  function fileOf(pathname) {
    if (!pathname.startsWith(prefix)) {
      return { error: `leaves the site-url prefix ${prefix}` };
    }
    let rel = decodeURIComponent(pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) {
      rel += 'index.html';
    }
    const file = resolve(root, rel);
    if (file !== root && !file.startsWith(root + sep)) {
      return { error: 'escapes the book directory' };
    }
    const isFile = (() => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    })();
    return isFile ? { file, rel } : { error: `${rel} does not exist in the book` };
  }

  /** The ids (and <a name>s) in an HTML file, read with a regex once. */
  function idsOf(file) {
    if (!idCache.has(file)) {
      const html = readFileSync(file, 'utf8');
      const ids = new Set();
      for (const match of html.matchAll(/\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
        const raw = match[1] ?? match[2] ?? match[3];
        ids.add(raw.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]));
      }
      idCache.set(file, ids);
    }
    return idCache.get(file);
  }

  /**
   * Classifies one resolved link: { kind: 'internal' | 'external' | 'other',
   * error?: string }. `other` covers javascript:, data: and the like.
   */
  function check(absolute) {
    let url;
    try {
      url = new URL(absolute);
    } catch {
      return { kind: 'internal', error: 'is not a valid URL' };
    }
    if (url.origin !== origin) {
      return { kind: ['http:', 'https:', 'mailto:'].includes(url.protocol) ? 'external' : 'other' };
    }
    let target;
    try {
      target = fileOf(url.pathname);
    } catch {
      return { kind: 'internal', error: 'has a malformed %-escape' };
    }
    if (target.error) {
      return { kind: 'internal', error: target.error };
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (fragment !== '' && target.file.endsWith('.html') && !idsOf(target.file).has(fragment)) {
      return { kind: 'internal', error: `${target.rel} has no element with id "${fragment}"` };
    }
    return { kind: 'internal' };
  }

  return { check, fileOf };
}

/** Every reader-facing page, relative to the book directory, sorted. */
export function listPages(bookDir) {
  const root = resolve(bookDir);
  // print.html is every chapter again on one page (it also opens the print
  // dialog): checking it would repeat each diagram and quiz and double the
  // run time. toc.html is mdBook 0.5's sidebar for readers without
  // JavaScript, only ever loaded in an iframe inside <noscript>; the same
  // links are checked in every page's JavaScript sidebar (toc.js).
  const skip = new Set(['print.html', 'toc.html']);
  return readdirSync(root, { recursive: true })
    .map((rel) => rel.split(sep).join('/'))
    .filter((rel) => rel.endsWith('.html') && !skip.has(rel))
    .sort();
}

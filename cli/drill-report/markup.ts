/**
 * Escaping for the XML and HTML the reports write. Hand-written because the maintained escapers (html-escaper,
 * he) escape the five markup characters but leave in the control characters XML 1.0 forbids outright, which a
 * hostile error message or ledger name can carry and which would make junit.xml unparsable.
 */

// XML 1.0 allows tab, LF, CR and the ranges below; everything else cannot appear even escaped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute, in XML and in HTML alike. */
export function escapeMarkup(value: unknown): string {
  return String(value)
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

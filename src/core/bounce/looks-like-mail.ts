// One small test shared by the CLI, the HTTP API and the web page (which bundles this file alone).
/**
 * Whether a pasted text is a whole email rather than a reply: it opens with header fields (or an mbox "From "
 * line) and has an empty line after them. Used by `explain` (CLI and HTTP) to send whole bounces to parseBounce.
 */
export function looksLikeMail(text: string): boolean {
  const head = text.slice(0, 2000).replace(/\r\n?/g, "\n");
  if (!/^(From [^\n]{1,200}\n)?[A-Za-z][A-Za-z0-9-]{0,60}:[^\n]{0,1000}\n/.test(head)) return false;
  return head.includes("\n\n") || text.includes("\n\n") || text.includes("\r\n\r\n");
}

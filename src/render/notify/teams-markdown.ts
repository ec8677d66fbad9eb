/**
 * User text for the places an Adaptive Card reads Markdown (a TextBlock's text, a fact's title and
 * value). What can start emphasis, a strikethrough, a code span, a link or an image, inline HTML,
 * an entity, a heading or a list gets CommonMark's backslash escape, and so do the `:` of
 * `scheme://`, the `.` of `www.` and the `@` of an address, which GitHub-flavoured parsers link
 * bare. Teams documents its Markdown subset (bold, italic, lists, links) but not its escaping, so
 * a joiner also goes between `]` and a following `(`, `[` or `:`: a link cannot form even where a
 * backslash is shown rather than read. With `<` escaped, `<at>` (a Teams mention's markup) never
 * appears.
 */
export function teamsMarkdown(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]<>~]|&(?=#?[A-Za-z0-9]{1,32};)/g, (char) => `\\${char}`)
      .replace(/\](?=[([:])/g, "]\u200D")
      .replace(/\b([a-z][a-z0-9+.-]{0,31}):(?=\/\/)/gi, "$1\\:")
      .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\\.`)
      .replace(/(?<=[\w.+-])@(?=[\w-])/g, "\\@")
      // A heading is one to six `#`: escaping the first leaves none. A leading `-` or `+` is always
      // escaped: besides a list item it may start a thematic break (`---`).
      .replace(/^([ \t]*)(#{1,6}(?=\s|$)|[-+]|\d{1,9}[.)](?=\s|$))/gm, (_, space: string, marker: string) =>
        /^[#+-]/.test(marker) ? `${space}\\${marker}` : `${space}${marker.slice(0, -1)}\\${marker.slice(-1)}`,
      )
  );
}

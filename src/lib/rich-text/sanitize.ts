import sanitizeHtml from "sanitize-html";

/**
 * The last gate before students see lesson HTML: an allow-list (sanitize-html) of exactly what the
 * lesson editor produces. No scripts, event handlers, styles, forms, SVG or data: URLs; links only
 * http(s)/mailto and opened in a new tab without an opener; iframes only from the YouTube
 * (no-cookie) and Vimeo players; images only over http(s) or from our own /api/media.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "h2", "h3", "h4", "strong", "em", "s", "u", "code", "pre", "blockquote", "ul", "ol", "li", "a", "br", "hr", "img", "div", "iframe"],
  allowedAttributes: {
    a: ["href", "target", "rel"],
    img: ["src", "alt", "title", "width", "height"],
    div: ["data-callout", "data-embed", "class"],
    iframe: ["src", "title", "allow", "allowfullscreen", "loading", "frameborder"],
    code: ["class"],
    ol: ["start"],
  },
  allowedClasses: { div: ["callout", "callout-info", "callout-tip", "callout-warning", "embed"], code: [/^language-[a-z0-9+#-]{1,30}$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"], iframe: ["https"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: false,
  allowedIframeHostnames: ["www.youtube-nocookie.com", "player.vimeo.com"],
  allowIframeRelativeUrls: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "template", "xmp", "noembed", "noframes"],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: "_blank", rel: "noopener noreferrer nofollow" } }),
    img: (tagName, attribs) => {
      const src = attribs.src ?? "";
      // Relative image URLs only for our own media route.
      if (src && !/^https?:\/\//i.test(src) && !/^\/api\/media\/[0-9a-f-]{36}$/i.test(src)) return { tagName, attribs: { ...attribs, src: "" } };
      return { tagName, attribs };
    },
  },
  exclusiveFilter: (frame) => (frame.tag === "img" && !frame.attribs.src) || (frame.tag === "iframe" && !frame.attribs.src),
};

export function sanitizeRichHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

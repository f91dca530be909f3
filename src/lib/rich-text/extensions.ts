import { mergeAttributes, Node, type Extensions } from "@tiptap/core";
import Image from "@tiptap/extension-image";
import StarterKit from "@tiptap/starter-kit";

/**
 * The lesson document schema: the same extensions build the editor (client) and render the stored
 * JSON to HTML for students (server, then sanitized). Anything outside this schema cannot be saved.
 */
export type EmbedProvider = "youtube" | "vimeo";

/** A YouTube or Vimeo page/share URL → provider and video id (null for anything else). */
export function parseEmbedUrl(raw: string): { provider: EmbedProvider; videoId: string } | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return null;
  const host = u.hostname.replace(/^www\.|^m\./, "");
  const yt = /^[A-Za-z0-9_-]{6,20}$/;
  if (host === "youtube.com" || host === "youtube-nocookie.com") {
    const id = u.pathname === "/watch" ? u.searchParams.get("v") : u.pathname.match(/^\/(?:embed|shorts|live)\/([^/]+)/)?.[1];
    return id && yt.test(id) ? { provider: "youtube", videoId: id } : null;
  }
  if (host === "youtu.be") {
    const id = u.pathname.slice(1);
    return yt.test(id) ? { provider: "youtube", videoId: id } : null;
  }
  if (host === "vimeo.com" || host === "player.vimeo.com") {
    const id = u.pathname.match(/^\/(?:video\/)?(\d{3,12})(?:\/|$)/)?.[1];
    return id ? { provider: "vimeo", videoId: id } : null;
  }
  return null;
}

export function embedSrc(provider: string, videoId: string): string | null {
  if (provider === "youtube" && /^[A-Za-z0-9_-]{6,20}$/.test(videoId)) return `https://www.youtube-nocookie.com/embed/${videoId}`;
  if (provider === "vimeo" && /^\d{3,12}$/.test(videoId)) return `https://player.vimeo.com/video/${videoId}`;
  return null;
}

export const CALLOUT_TONES = ["info", "tip", "warning"] as const;
export type CalloutTone = (typeof CALLOUT_TONES)[number];

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    callout: { setCallout: (tone?: CalloutTone) => ReturnType; toggleCallout: (tone?: CalloutTone) => ReturnType };
    embed: { setEmbed: (url: string) => ReturnType };
  }
}

export const Callout = Node.create({
  name: "callout",
  group: "block",
  content: "block+",
  defining: true,
  addAttributes() {
    return {
      tone: {
        default: "info",
        parseHTML: (el) => {
          const t = el.getAttribute("data-callout");
          return (CALLOUT_TONES as readonly string[]).includes(t ?? "") ? t : "info";
        },
        renderHTML: (attrs) => {
          const tone = (CALLOUT_TONES as readonly string[]).includes(attrs.tone) ? attrs.tone : "info";
          return { "data-callout": tone, class: `callout callout-${tone}` };
        },
      },
    };
  },
  parseHTML: () => [{ tag: "div[data-callout]" }],
  renderHTML: ({ HTMLAttributes }) => ["div", HTMLAttributes, 0],
  addCommands() {
    return {
      setCallout:
        (tone = "info") =>
        ({ commands }) =>
          commands.wrapIn(this.name, { tone }),
      toggleCallout:
        (tone = "info") =>
        ({ commands }) =>
          commands.toggleWrap(this.name, { tone }),
    };
  },
});

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { provider: { default: null }, videoId: { default: null } };
  },
  parseHTML: () => [
    {
      tag: "div[data-embed]",
      getAttrs: (el) => {
        const src = (el as HTMLElement).querySelector("iframe")?.getAttribute("src") ?? "";
        return parseEmbedUrl(src) ?? false;
      },
    },
  ],
  renderHTML: ({ node }) => {
    const src = embedSrc(String(node.attrs.provider), String(node.attrs.videoId));
    if (!src) return ["div", { "data-embed": "invalid" }];
    return [
      "div",
      mergeAttributes({ "data-embed": node.attrs.provider, class: "embed" }),
      [
        "iframe",
        {
          src,
          title: node.attrs.provider === "vimeo" ? "Vimeo video" : "YouTube video",
          allow: "encrypted-media; picture-in-picture; fullscreen",
          allowfullscreen: "true",
          loading: "lazy",
          frameborder: "0",
        },
      ],
    ];
  },
  addCommands() {
    return {
      setEmbed:
        (url) =>
        ({ commands }) => {
          const e = parseEmbedUrl(url);
          return e ? commands.insertContent({ type: this.name, attrs: e }) : false;
        },
    };
  },
});

export function richTextExtensions(): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3, 4] },
      link: {
        openOnClick: false,
        autolink: true,
        protocols: ["http", "https", "mailto"],
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: "_blank" },
      },
    }),
    Image.configure({ inline: false, allowBase64: false }),
    Callout,
    Embed,
  ];
}

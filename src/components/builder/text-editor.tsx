"use client";
import { useOrg } from "@/components/dashboard/org-context";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { Bold, Code2, Heading2, Heading3, ImagePlus, Italic, Link2, List, ListOrdered, Megaphone, Quote, Redo2, Undo2, Clapperboard } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { richTextExtensions, parseEmbedUrl } from "@/lib/rich-text/extensions";
import { uploadFile } from "./upload";

/**
 * The lesson text editor (TipTap). Emits the document JSON on every change; the autosave hook
 * sends it to the server, which renders and sanitizes the HTML students see.
 */
export function TextEditor({
  initial,
  onChange,
  label = "Lesson text",
  minHeight = "min-h-[320px]",
}: {
  initial: Record<string, unknown> | null;
  onChange: (doc: Record<string, unknown>) => void;
  label?: string;
  minHeight?: string;
}) {
  const editor = useEditor({
    extensions: richTextExtensions(),
    content: initial ?? { type: "doc", content: [{ type: "paragraph" }] },
    immediatelyRender: false,
    editorProps: {
      attributes: {
        class: `lesson-content ${minHeight} px-4 py-3 focus:outline-none`,
        "aria-label": label,
        role: "textbox",
        "aria-multiline": "true",
        "data-testid": "lesson-editor",
      },
    },
    // A JSON round trip: ProseMirror builds attrs with a null prototype, which server actions refuse.
    onUpdate: ({ editor }) => onChange(JSON.parse(JSON.stringify(editor.getJSON())) as Record<string, unknown>),
  });
  return (
    <div className="rounded-lg border border-zinc-200 bg-white">
      {editor ? <Toolbar editor={editor} /> : <div className="h-11 border-b border-zinc-200" />}
      <EditorContent editor={editor} />
    </div>
  );
}

type Bar = null | "link" | "embed";

function Toolbar({ editor }: { editor: Editor }) {
  const org = useOrg();
  const [bar, setBar] = useState<Bar>(null);
  const [value, setValue] = useState("");
  // A link added where nothing is selected needs the words it shows, asked for beside the address.
  const [linkText, setLinkText] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const fileInputId = useId();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      link: e.isActive("link"),
      bullet: e.isActive("bulletList"),
      ordered: e.isActive("orderedList"),
      code: e.isActive("codeBlock"),
      quote: e.isActive("blockquote"),
      callout: e.isActive("callout"),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const btn = (label: string, active: boolean, onClick: () => void, Icon: typeof Bold, disabled = false) => (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={active}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
      className={`rounded p-1.5 hover:bg-zinc-100 disabled:opacity-40 ${active ? "bg-zinc-900 text-white hover:bg-zinc-800" : "text-zinc-700"}`}
    >
      <Icon className="h-4 w-4" aria-hidden />
    </button>
  );

  function applyBar() {
    const v = value.trim();
    if (bar === "link") {
      if (!v) editor.chain().focus().extendMarkRange("link").unsetLink().run();
      else {
        const href = /^(https?:|mailto:)/i.test(v) ? v : `https://${v}`;
        try {
          const u = new URL(href);
          if (!["http:", "https:", "mailto:"].includes(u.protocol)) throw new Error();
        } catch {
          toast.error("Use a web address (https://…) or mailto:");
          return;
        }
        if (linkText !== null) {
          const text = linkText.trim();
          if (!text) {
            toast.error("Type the text the link shows.");
            return;
          }
          editor
            .chain()
            .focus()
            .insertContent({ type: "text", text, marks: [{ type: "link", attrs: { href } }] })
            .run();
        } else editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
      }
    } else if (bar === "embed") {
      if (!parseEmbedUrl(v)) {
        toast.error("Paste a YouTube or Vimeo link, e.g. https://www.youtube.com/watch?v=…");
        return;
      }
      editor.chain().focus().setEmbed(v).run();
    }
    setBar(null);
    setValue("");
    setLinkText(null);
  }

  async function onImage(file: File) {
    setProgress(0);
    try {
      const up = await uploadFile({ org, kind: "image", file, onProgress: setProgress });
      editor
        .chain()
        .focus()
        .setImage({ src: up.url, alt: file.name.replace(/\.[^.]+$/, "") })
        .run();
    } catch (err) {
      toast.error(err instanceof Error ? err.message : "Upload failed");
    } finally {
      setProgress(null);
    }
  }

  return (
    <div className="sticky top-0 z-10 border-b border-zinc-200 bg-white">
      <div role="toolbar" aria-label="Formatting" className="flex flex-wrap items-center gap-0.5 px-2 py-1.5">
        {btn("Heading", state.h2, () => editor.chain().focus().toggleHeading({ level: 2 }).run(), Heading2)}
        {btn("Subheading", state.h3, () => editor.chain().focus().toggleHeading({ level: 3 }).run(), Heading3)}
        {btn("Bold", state.bold, () => editor.chain().focus().toggleBold().run(), Bold)}
        {btn("Italic", state.italic, () => editor.chain().focus().toggleItalic().run(), Italic)}
        {btn(
          "Link",
          state.link,
          () => {
            setValue((editor.getAttributes("link").href as string | undefined) ?? "");
            setLinkText(editor.state.selection.empty && !editor.isActive("link") ? "" : null);
            setBar(bar === "link" ? null : "link");
          },
          Link2,
        )}
        <span className="mx-1 h-5 w-px bg-zinc-200" aria-hidden />
        {btn("Bulleted list", state.bullet, () => editor.chain().focus().toggleBulletList().run(), List)}
        {btn("Numbered list", state.ordered, () => editor.chain().focus().toggleOrderedList().run(), ListOrdered)}
        {btn("Quote", state.quote, () => editor.chain().focus().toggleBlockquote().run(), Quote)}
        {btn("Code block", state.code, () => editor.chain().focus().toggleCodeBlock().run(), Code2)}
        {btn("Callout", state.callout, () => editor.chain().focus().toggleCallout("info").run(), Megaphone)}
        <span className="mx-1 h-5 w-px bg-zinc-200" aria-hidden />
        {btn("Image", false, () => document.getElementById(fileInputId)?.click(), ImagePlus, progress !== null)}
        {btn("Embed YouTube or Vimeo", false, () => setBar(bar === "embed" ? null : "embed"), Clapperboard)}
        <span className="mx-1 h-5 w-px bg-zinc-200" aria-hidden />
        {btn("Undo", false, () => editor.chain().focus().undo().run(), Undo2, !state.canUndo)}
        {btn("Redo", false, () => editor.chain().focus().redo().run(), Redo2, !state.canRedo)}
        <input
          id={fileInputId}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp,image/avif"
          className="hidden"
          aria-hidden
          tabIndex={-1}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = "";
            if (f) void onImage(f);
          }}
        />
      </div>
      {progress !== null ? (
        <div className="px-3 pb-2" aria-live="polite">
          <div
            className="h-1.5 rounded-full bg-zinc-100"
            role="progressbar"
            aria-label="Uploading image"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress * 100)}
          >
            <div className="h-1.5 rounded-full bg-zinc-900 transition-all" style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
        </div>
      ) : null}
      {bar ? (
        <form
          className="flex gap-2 border-t border-zinc-100 px-3 py-2"
          onSubmit={(e) => {
            e.preventDefault();
            applyBar();
          }}
        >
          {bar === "link" && linkText !== null ? (
            <input
              autoFocus
              value={linkText}
              onChange={(e) => setLinkText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") setBar(null);
              }}
              placeholder="Text to show"
              aria-label="Link text"
              className="h-8 min-w-0 flex-1 rounded border border-zinc-300 px-2 text-sm"
            />
          ) : null}
          <input
            autoFocus={!(bar === "link" && linkText !== null)}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setBar(null);
            }}
            placeholder={bar === "link" ? "https://… (empty removes the link)" : "YouTube or Vimeo link"}
            aria-label={bar === "link" ? "Link address" : "Video link"}
            className="h-8 min-w-0 flex-1 rounded border border-zinc-300 px-2 text-sm"
          />
          <button type="submit" className="rounded bg-zinc-900 px-3 text-sm text-white">
            {bar === "link" ? "Apply" : "Embed"}
          </button>
        </form>
      ) : null}
    </div>
  );
}

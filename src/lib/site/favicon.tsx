import { ImageResponse } from "next/og";

/** Drawn icons kept in process (one per letter and colour): at most 500. */
const drawn = new Map<string, ArrayBuffer>();
const MAX = 500;

/**
 * A 64×64 PNG icon: a letter on a rounded square of a colour — the platform's "C", or a school's initial in
 * its brand colour when it has not uploaded a favicon. Served at /favicon.ico (browsers read a PNG there).
 */
export async function letterIcon(o: { letter: string; color: string }): Promise<Response> {
  const letter = (o.letter.trim()[0] ?? "C").toUpperCase();
  const color = /^#[0-9a-f]{6}$/i.test(o.color) ? o.color : "#4f46e5";
  const key = `${letter}:${color}`;
  const headers = { "content-type": "image/png", "cache-control": "public, max-age=86400" };
  const hit = drawn.get(key);
  if (hit) return new Response(hit, { headers });
  const image = new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        background: color,
        borderRadius: 14,
        color: "white",
        fontSize: 44,
        fontWeight: 700,
      }}
    >
      {letter}
    </div>,
    { width: 64, height: 64 },
  );
  const bytes = await image.arrayBuffer();
  if (drawn.size >= MAX) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, bytes);
  return new Response(bytes, { headers });
}

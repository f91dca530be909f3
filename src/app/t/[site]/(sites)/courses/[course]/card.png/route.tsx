import { ImageResponse } from "next/og";
import { getSiteCourse } from "@/lib/site/data";
import { getSite } from "@/lib/tenant/resolve";

const size = { width: 1200, height: 630 };

/**
 * GET /courses/<slug>/card.png — the link-preview card of a sales page (Open Graph and Twitter, 1200×630): the
 * course's title and subtitle on the school's colours. A route of its own (not Next's opengraph-image file),
 * so its address is the public one, not the internal /t/<site> path.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ site: string; course: string }> }): Promise<Response> {
  const { site: key, course } = await params;
  const site = await getSite(key);
  const data = site ? await getSiteCourse(site, course) : null;
  if (!site || !data) return new Response("Not found", { status: 404 });
  const { primaryColor, accentColor } = site.branding;
  const lessons = data.modules.reduce((n, m) => n + m.lessons.length, 0);
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: 72,
        background: `linear-gradient(135deg, ${primaryColor} 0%, ${accentColor} 100%)`,
        color: "white",
      }}
    >
      <div style={{ display: "flex", fontSize: 34, fontWeight: 600, opacity: 0.9 }}>{site.name}</div>
      <div style={{ display: "flex", flexDirection: "column", gap: 20 }}>
        <div style={{ display: "flex", fontSize: data.course.title.length > 40 ? 64 : 80, fontWeight: 700, lineHeight: 1.05 }}>{data.course.title}</div>
        {data.course.subtitle ? <div style={{ display: "flex", fontSize: 34, opacity: 0.9 }}>{data.course.subtitle}</div> : null}
      </div>
      <div style={{ display: "flex", fontSize: 28, opacity: 0.85 }}>
        {data.modules.length} module{data.modules.length === 1 ? "" : "s"} · {lessons} lesson{lessons === 1 ? "" : "s"}
      </div>
    </div>,
    { ...size, headers: { "cache-control": "public, max-age=3600" } },
  );
}

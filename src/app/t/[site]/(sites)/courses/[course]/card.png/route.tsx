import { ImageResponse } from "next/og";
import { findMediaForServing } from "@/db/queries/media";
import { getSiteCourse, getSiteCourses } from "@/lib/site/data";
import { getStorage } from "@/lib/storage";
import { getSite } from "@/lib/tenant/resolve";

const size = { width: 1200, height: 630 };
/** Drawn cards kept in process (each is drawn once per course version, not per request): at most 200. */
const drawn = new Map<string, ArrayBuffer>();
const MAX_CARDS = 200;

/**
 * GET /courses/<slug>/card.png — the link-preview card of a sales page (Open Graph and Twitter, 1200×630): the
 * course's title and subtitle on the school's colours, with its cover when the cover is an image uploaded to
 * this school (an outside https cover is not fetched: the server never requests an address a creator typed). A route of its own (not Next's opengraph-image file),
 * so its address is the public one, not the internal /t/<site> path.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ site: string; course: string }> }): Promise<Response> {
  const { site: key, course } = await params;
  const site = await getSite(key);
  // Only a published course of this school (from its cached catalogue) is drawn; any other address costs nothing.
  const listed = site ? (await getSiteCourses(site)).some((c) => c.slug === course) : false;
  const data = site && listed ? await getSiteCourse(site, course) : null;
  if (!site || !data) return new Response("Not found", { status: 404 });
  const id = `${site.id}:${data.course.id}:${data.course.updatedAt.valueOf()}:${site.branding.primaryColor}:${site.branding.accentColor}:${site.name}`;
  const headers = { "content-type": "image/png", "cache-control": "public, max-age=3600" };
  const cached = drawn.get(id);
  if (cached) return new Response(cached, { headers });
  const { primaryColor, accentColor } = site.branding;
  const lessons = data.modules.reduce((n, m) => n + m.lessons.length, 0);
  const cover = await uploadedCover(site.id, data.course.coverUrl);
  const image = new ImageResponse(
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
        <div style={{ display: "flex", gap: 48, alignItems: "center" }}>
          <div style={{ display: "flex", flexDirection: "column", gap: 20, flex: 1 }}>
            <div
              style={{
                display: "flex",
                fontSize: cover ? (data.course.title.length > 30 ? 52 : 64) : data.course.title.length > 40 ? 64 : 80,
                fontWeight: 700,
                lineHeight: 1.05,
              }}
            >
              {data.course.title}
            </div>
            {data.course.subtitle ? <div style={{ display: "flex", fontSize: cover ? 28 : 34, opacity: 0.9 }}>{data.course.subtitle}</div> : null}
          </div>
          {cover ? (
            // eslint-disable-next-line @next/next/no-img-element -- drawn into the PNG by next/og, not a page image
            <img src={cover} alt="" width={448} height={252} style={{ borderRadius: 20, objectFit: "cover", boxShadow: "0 12px 40px rgba(0,0,0,0.35)" }} />
          ) : null}
        </div>
      </div>
      <div style={{ display: "flex", fontSize: 28, opacity: 0.85 }}>
        {data.modules.length} module{data.modules.length === 1 ? "" : "s"} · {lessons} lesson{lessons === 1 ? "" : "s"}
      </div>
    </div>,
    size,
  );
  const bytes = await image.arrayBuffer();
  if (drawn.size >= MAX_CARDS) drawn.delete(drawn.keys().next().value!);
  drawn.set(id, bytes);
  return new Response(bytes, { headers });
}

/** The cover as a data URI when it is a PNG or JPEG uploaded to this school (at most 4 MB); otherwise none. */
async function uploadedCover(schoolId: string, coverUrl: string | null): Promise<string | null> {
  const id = /^\/api\/media\/([0-9a-f-]{36})$/i.exec(coverUrl ?? "")?.[1];
  if (!id) return null;
  const m = await findMediaForServing(id);
  if (!m || m.creatorId !== schoolId || m.kind !== "image" || m.status !== "ready" || !m.storageKey) return null;
  if (!["image/png", "image/jpeg"].includes(m.contentType) || m.sizeBytes > 4 * 1024 * 1024) return null;
  const obj = await getStorage().get(m.storageKey);
  if (!obj) return null;
  const bytes = Buffer.from(await new Response(obj.body).arrayBuffer());
  return `data:${m.contentType};base64,${bytes.toString("base64")}`;
}

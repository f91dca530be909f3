import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/lib/demo/seed";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { addLessonFiles } from "@/db/queries/lessons";
import { findUserByEmail } from "@/db/queries/users";
import { courses, lessons } from "@/db/schema";
import { findSiteRecord, systemScope } from "@/db/scope";
import { authRequest, sessionCookie, signIn } from "../../../../test/helpers";

const { POST } = await import("./route");
const { GET } = await import("../media/[id]/route");

const APP = "app.localhost:3000";
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
]);

async function upload(cookie: string | null, org: string, kind: string, file: File) {
  const form = new FormData();
  form.set("file", file);
  return POST(
    new Request(`http://${APP}/api/uploads?${new URLSearchParams({ org, kind })}`, {
      method: "POST",
      headers: cookie ? { cookie, host: APP } : { host: APP },
      body: form,
    }),
  );
}

/**
 * A chunked multipart body (no Content-Length) of `size` bytes of file data, produced on demand;
 * `pulled()` says how many bytes the server actually read.
 */
function chunkedUpload(size: number) {
  const boundary = "----cf-test-boundary";
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="org"\r\n\r\nacme\r\n--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nimage\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(64 * 1024);
  chunk.set(PNG);
  let sent = 0;
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) {
        controller.enqueue(head);
        pulled += head.byteLength;
      }
      if (sent >= size) {
        controller.enqueue(tail);
        pulled += tail.byteLength;
        controller.close();
        return;
      }
      const n = Math.min(chunk.byteLength, size - sent);
      controller.enqueue(chunk.subarray(0, n));
      sent += n;
      pulled += n;
    },
  });
  return { body, boundary, pulled: () => pulled, total: () => head.byteLength + size + tail.byteLength };
}
/** GET /api/media/:id on a host (sessions are per host: the team on the app host, students on the school's). */
const media = (id: string, cookie?: string, host = "acme.localhost:3000") =>
  GET(new Request(`http://${host}/api/media/${id}`, { headers: cookie ? { cookie, host } : { host } }), { params: Promise.resolve({ id }) });

let owner = "";
beforeAll(async () => {
  await seedDemo();
  owner = await signIn(APP, "owner@acme.test");
});

describe("uploads", () => {
  it("a chunked body over the limit is cut off while it streams (413), not read to the end", async () => {
    const size = 40 * 1024 * 1024; // 4× the image limit, with no Content-Length
    const up = chunkedUpload(size);
    const res = await POST(
      new Request(`http://${APP}/api/uploads?org=acme&kind=image`, {
        method: "POST",
        headers: { cookie: owner, host: APP, "content-type": `multipart/form-data; boundary=${up.boundary}` },
        body: up.body,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/at most 10 MB/);
    expect(up.pulled()).toBeLessThan(12 * 1024 * 1024);
  });

  it("unauthorized: uploads are the dashboard's: refused on a school's host and from another site", async () => {
    const student = await signIn("acme.localhost:3000", "owner@acme.test");
    const form = () => {
      const f = new FormData();
      f.set("file", new File([PNG], "a.png"));
      return f;
    };
    const onSchool = await POST(
      new Request(`http://acme.localhost:3000/api/uploads?org=acme&kind=image`, {
        method: "POST",
        headers: { cookie: student, host: "acme.localhost:3000" },
        body: form(),
      }),
    );
    expect(onSchool.status).toBe(404);
    const foreign = await POST(
      new Request(`http://${APP}/api/uploads?org=acme&kind=image`, {
        method: "POST",
        headers: { cookie: owner, host: APP, origin: "http://evil.example" },
        body: form(),
      }),
    );
    expect(foreign.status).toBe(403);
  });

  it("membership is checked before the body is read: a non-member's upload is refused unread", async () => {
    const up = chunkedUpload(20 * 1024 * 1024);
    const res = await POST(
      new Request(`http://${APP}/api/uploads?org=acme&kind=image`, {
        method: "POST",
        headers: { cookie: await signIn(APP, "owner@beta.test"), host: APP, "content-type": `multipart/form-data; boundary=${up.boundary}` },
        body: up.body,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(404);
    expect(up.pulled()).toBeLessThan(1024 * 1024);
  });

  it("an editor uploads an image; it is served inline by id with safe headers", async () => {
    const res = await upload(await signIn(APP, "editor@acme.test"), "acme", "image", new File([PNG], "dot.png", { type: "image/png" }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; url: string; contentType: string };
    expect(body).toMatchObject({ url: `/api/media/${body.id}`, contentType: "image/png" });
    const got = await media(body.id);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PNG);
  });

  it("refuses what it should: wrong type, disguised HTML/SVG, too large, empty", async () => {
    expect((await upload(owner, "acme", "image", new File(["<svg onload=alert(1)>"], "x.png", { type: "image/png" }))).status).toBe(415);
    expect((await upload(owner, "acme", "image", new File(["<html><script>alert(1)</script>"], "x.jpg", { type: "image/jpeg" }))).status).toBe(415);
    expect((await upload(owner, "acme", "file", new File(["MZ..."], "setup.exe"))).status).toBe(415);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG);
    const tooBig = await upload(owner, "acme", "image", new File([big], "big.png"));
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: string }).error).toMatch(/at most 10 MB/);
    expect((await upload(owner, "acme", "file", new File([], "empty.pdf"))).status).toBe(415);
  });

  it("unauthorized: signed out → 401, another school → 404, a student → 404; files only for the team and students enrolled in the course", async () => {
    expect((await upload(null, "acme", "image", new File([PNG], "a.png"))).status).toBe(401);
    expect((await upload(await signIn(APP, "owner@beta.test"), "acme", "image", new File([PNG], "a.png"))).status).toBe(404);
    expect((await upload(await signIn(APP, "student@acme.test"), "acme", "image", new File([PNG], "a.png"))).status).toBe(404);
    const res = await upload(owner, "acme", "file", new File(["%PDF-1.4 worksheet"], "Worksheet 1.pdf"));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await media(id)).status).toBe(401);
    expect((await media(id, await signIn(APP, "owner@beta.test"), APP)).status).toBe(404);
    // a session from another host is nobody here
    expect((await media(id, owner, "acme.localhost:3000")).status).toBe(401);
    const enrolled = await signIn("acme.localhost:3000", "student@acme.test");
    // Not in any lesson yet: only the school's team may have it.
    expect((await media(id, enrolled)).status).toBe(404);
    expect((await media(id, owner, APP)).status).toBe(200);

    // In a published lesson of Watercolor Foundations, where student@acme.test is enrolled.
    const db = await getDb();
    const acme = (await findSiteRecord({ kind: "subdomain", slug: "acme" }))!;
    const scope = systemScope(acme.id);
    const ownerId = (await findUserByEmail("owner@acme.test"))!.id;
    const [course] = await db
      .select()
      .from(courses)
      .where(and(eq(courses.creatorId, acme.id), eq(courses.slug, "watercolor-foundations")));
    const [lesson] = await db
      .select()
      .from(lessons)
      .where(and(eq(lessons.creatorId, acme.id), eq(lessons.courseId, course!.id), eq(lessons.status, "published"), eq(lessons.isFreePreview, false)));
    await addLessonFiles(scope, { actorUserId: ownerId, lessonId: lesson!.id, mediaAssetIds: [id] });
    const asStudent = await media(id, enrolled);
    expect(asStudent.status).toBe(200);
    expect(asStudent.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''Worksheet%201.pdf");
    expect(asStudent.headers.get("content-type")).toBe("application/octet-stream");

    // Another student of the same school, not enrolled in that course, gets nothing…
    const signUp = await authRequest("acme.localhost:3000", "/sign-up/email", {
      email: "not.enrolled@x.test",
      password: "long-enough-pw",
      name: "Not Enrolled",
    });
    const other = sessionCookie(signUp);
    expect((await media(id, other)).status).toBe(404);
    // …unless the lesson is a free preview; and nobody gets it once the lesson is back in draft.
    await db
      .update(lessons)
      .set({ isFreePreview: true })
      .where(and(eq(lessons.creatorId, acme.id), eq(lessons.id, lesson!.id)));
    expect((await media(id, other)).status).toBe(200);
    // …but only on Acme's own host: asked for on another school's host, by that school's student, it is not found.
    const onBeta = await signIn("beta.localhost:3000", "student@acme.test");
    expect((await media(id, onBeta, "beta.localhost:3000")).status).toBe(404);
    await db
      .update(lessons)
      .set({ status: "draft" })
      .where(and(eq(lessons.creatorId, acme.id), eq(lessons.id, lesson!.id)));
    expect((await media(id, other)).status).toBe(404);
    expect((await media(id, enrolled)).status).toBe(404);
    expect((await media(id, owner, APP)).status).toBe(200);
  });
});

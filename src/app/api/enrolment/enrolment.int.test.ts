import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/lib/demo/seed";
import { signIn } from "../../../../test/helpers";
import { GET } from "./route";

const ask = async (host: string, query: string, cookie?: string) => {
  const res = await GET(new Request(`http://${host}/api/enrolment${query}`, { headers: { host, ...(cookie ? { cookie } : {}) } }));
  return { status: res.status, body: (await res.json()) as { signedIn?: boolean; enrolled?: boolean; message?: string } };
};

beforeAll(async () => {
  await seedDemo();
});

describe("GET /api/enrolment: a sales page asks whether its visitor is enrolled", () => {
  it("says so for the school's enrolled student, on that school's host only", async () => {
    const student = await signIn("acme.localhost:3000", "student@acme.test");
    expect(await ask("acme.localhost:3000", "?course=watercolor-foundations", student)).toEqual({ status: 200, body: { signedIn: true, enrolled: true } });
    expect((await ask("acme.localhost:3000", "?course=sketching-for-beginners", student)).body.enrolled).toBe(false);
  });

  it("unauthorized: a signed-out visitor, another school's host, a session from another host and a made-up course learn nothing", async () => {
    const student = await signIn("acme.localhost:3000", "student@acme.test");
    expect((await ask("acme.localhost:3000", "?course=watercolor-foundations")).body).toEqual({ signedIn: false, enrolled: false });
    expect((await ask("beta.localhost:3000", "?course=watercolor-foundations", student)).body).toEqual({ signedIn: false, enrolled: false });
    const owner = await signIn("beta.localhost:3000", "owner@beta.test");
    expect((await ask("beta.localhost:3000", "?course=watercolor-foundations", owner)).body.enrolled).toBe(false);
    expect((await ask("acme.localhost:3000", "?course=no-such-course", student)).body.enrolled).toBe(false);
    expect((await ask("nobody.localhost:3000", "?course=watercolor-foundations")).status).toBe(404);
    expect((await ask("acme.localhost:3000", "?course=../../etc")).status).toBe(400);
    expect((await ask("acme.localhost:3000", "")).status).toBe(400);
  });
});

import type { SalesPage } from "@/lib/courses/sales-page";
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { grantMonthlyCredits } from "@/lib/platform-billing/credits";
import { getDb, type Tx } from "@/db/client";
import { systemScope } from "@/db/scope";
import { htmlToRichText, renderRichText } from "@/lib/rich-text/render";
import {
  account,
  courseModules,
  courses,
  creatorMembers,
  creators,
  DEFAULT_BRANDING,
  enrollments,
  lessons,
  offerCourses,
  offers,
  prices,
  students,
  user,
  type Branding,
  type MemberRole,
} from "@/db/schema";

/** Demo-only password for every seeded account (listed in the README). */
export const DEMO_PASSWORD = "courseforge-demo";

/** The demo course's quiz: what the quiz editor makes, ready to take (it passes the publish rule). */
const DEMO_QUIZ = {
  kind: "quiz",
  passMark: 70,
  maxAttempts: null,
  questions: [
    {
      id: "q1",
      type: "single",
      prompt: "Which goes on first in a wet-on-wet wash?",
      options: [
        { id: "a", text: "Clean water" },
        { id: "b", text: "Masking fluid" },
        { id: "c", text: "Dry pigment" },
      ],
      correct: ["a"],
    },
    { id: "q2", type: "true_false", prompt: "Cold-pressed paper has a textured surface.", answer: true },
    { id: "q3", type: "short_answer", prompt: "Name the primary colour between green and violet.", accepted: ["blue"] },
  ],
};

/** The free course's quiz (answers: a, true, one). */
const SKETCH_QUIZ: typeof DEMO_QUIZ = {
  kind: "quiz",
  passMark: 70,
  maxAttempts: null,
  questions: [
    {
      id: "q1",
      type: "single",
      prompt: "What does a contour line follow?",
      options: [
        { id: "a", text: "The edge of a shape" },
        { id: "b", text: "The direction of the light" },
        { id: "c", text: "The darkest shadow" },
      ],
      correct: ["a"],
    },
    { id: "q2", type: "true_false", prompt: "Negative space is the space around and between objects.", answer: true },
    { id: "q3", type: "short_answer", prompt: "How many eyes do you close to flatten what you see?", accepted: ["one", "1"] },
  ],
};

type DemoCourse = {
  slug: string;
  title: string;
  subtitle: string;
  status: "draft" | "published";
  price?: number;
  salesPage?: Omit<SalesPage, "about">;
  modules: { title: string; lessons: { title: string; type?: "text" | "video" | "quiz"; preview?: boolean; html?: string; quiz?: typeof DEMO_QUIZ }[] }[];
};

type DemoSite = {
  slug: string;
  name: string;
  plan: "free" | "starter" | "pro" | "business";
  branding: Partial<Branding>;
  people: { email: string; name: string; role: MemberRole | "student" }[];
  courses: DemoCourse[];
  enroll?: { email: string; course: string }[];
};

export const DEMO_SITES: DemoSite[] = [
  {
    slug: "acme",
    name: "Acme Academy",
    plan: "pro",
    branding: {
      primaryColor: "#0f766e",
      accentColor: "#f97316",
      font: "system",
      tagline: "Practical art courses from working illustrators.",
      about:
        "Acme Academy is run by working illustrators who teach the way they learned: one technique at a time, on real paper, with plenty of mistakes along the way.\n\nEvery course is self-paced, with short lessons you can finish over a coffee and exercises you can share for feedback.",
    },
    people: [
      { email: "owner@acme.test", name: "Olivia Owner", role: "owner" },
      { email: "editor@acme.test", name: "Eddie Editor", role: "editor" },
      { email: "student@acme.test", name: "Sam Student", role: "student" },
    ],
    courses: [
      {
        slug: "watercolor-foundations",
        title: "Watercolor Foundations",
        subtitle: "From first wash to finished landscape in four weeks.",
        status: "published",
        price: 4900,
        salesPage: {
          outcomes: [
            "Choose paper, brushes and a limited palette that will not fight you",
            "Lay flat and graded washes without streaks",
            "Control wet-on-wet blooms on purpose",
            "Build depth with transparent glazes",
            "Plan a landscape from thumbnail to finished piece",
          ],
          instructor: {
            name: "Olivia Owner",
            bio: "Illustrator for twenty years and a teacher for ten. Olivia paints every morning and has taught more than 3,000 beginners to stop fearing the wet page.",
            photoUrl: null,
          },
          faq: [
            { question: "Do I need any experience?", answer: "No. The first module starts with which paper to buy and how to hold the brush." },
            { question: "How long do I have access?", answer: "For as long as the course exists, including every update." },
            { question: "What if it is not for me?", answer: "Write to us within 30 days and we refund you in full." },
          ],
          testimonials: [
            {
              quote: "I had bought the paints two years ago and never opened them. Four weeks later I framed my first landscape.",
              name: "Priya N.",
              role: "Student",
              photoUrl: null,
            },
            { quote: "The glazing lesson alone changed how I paint skies.", name: "Tom B.", role: "Hobby painter", photoUrl: null },
          ],
        },
        modules: [
          {
            title: "Getting started",
            lessons: [
              { title: "Welcome and materials", preview: true, html: "<p>Everything you need: paper, three brushes and a limited palette.</p>" },
              { title: "Your first flat wash", html: "<p>Tilt the board, load the brush and pull one even band of colour from edge to edge.</p>" },
            ],
          },
          {
            title: "Core techniques",
            lessons: [
              { title: "Wet on wet", html: "<p>Let the water do the work.</p>" },
              { title: "Layering and glazing", html: "<p>Build depth with transparent layers.</p>" },
              { title: "Check your understanding", type: "quiz" },
            ],
          },
        ],
      },
      {
        slug: "sketching-for-beginners",
        title: "Sketching for Beginners",
        subtitle: "A free mini-course: see shapes, not things.",
        status: "published",
        price: 0,
        modules: [
          {
            title: "Seeing",
            lessons: [
              { title: "Contour drawing", preview: true, html: "<p>Draw the edge, slowly.</p>" },
              { title: "Negative space", html: "<p>Draw the spaces between things, and the things appear.</p>" },
            ],
          },
          { title: "Check in", lessons: [{ title: "Quick check", type: "quiz", quiz: SKETCH_QUIZ }] },
        ],
      },
      {
        slug: "advanced-composition",
        title: "Advanced Composition",
        subtitle: "Work in progress.",
        status: "draft",
        modules: [{ title: "Outline", lessons: [{ title: "Rule of thirds, and when to break it" }] }],
      },
    ],
    enroll: [{ email: "student@acme.test", course: "watercolor-foundations" }],
  },
  {
    slug: "beta",
    name: "Beta School",
    plan: "starter",
    branding: { primaryColor: "#7c3aed", accentColor: "#22c55e", font: "rounded", tagline: "Learn to code with data." },
    people: [{ email: "owner@beta.test", name: "Bea Owner", role: "owner" }],
    courses: [
      {
        slug: "intro-to-python",
        title: "Intro to Python",
        subtitle: "Variables, loops and functions — the beta way.",
        status: "published",
        price: 2900,
        modules: [{ title: "Basics", lessons: [{ title: "Hello, Python", preview: true, html: "<p>print('hello')</p>" }, { title: "Loops" }] }],
      },
      {
        slug: "data-analysis-pandas",
        title: "Data Analysis with Pandas",
        subtitle: "Secret beta draft.",
        status: "draft",
        modules: [{ title: "DataFrames", lessons: [{ title: "Reading CSV files" }] }],
      },
    ],
  },
];

async function upsertUser(tx: Tx, person: { email: string; name: string; passwordHash: string }): Promise<string> {
  const { email, name, passwordHash } = person;
  const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (existing) return existing.id;
  const id = randomUUID();
  await tx.insert(user).values({ id, email, name, emailVerified: true });
  await tx.insert(account).values({ id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: passwordHash, updatedAt: new Date() });
  return id;
}

/** Seed the demo sites (and the demo platform admin). Idempotent: what exists is left as it is. */
export async function seedDemo(): Promise<{ created: string[] }> {
  const db = await getDb();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const created: string[] = [];
  await db.transaction((tx) => upsertUser(tx, { email: "admin@courseforge.test", name: "Platform Admin", passwordHash }));
  for (const site of DEMO_SITES) {
    await db.transaction(async (tx) => {
      const [exists] = await tx.select({ id: creators.id }).from(creators).where(eq(creators.slug, site.slug));
      if (exists) return;
      const [c] = await tx
        .insert(creators)
        .values({ slug: site.slug, name: site.name, plan: site.plan, branding: { ...DEFAULT_BRANDING, ...site.branding } })
        .returning();
      const creatorId = c!.id;
      const userIds = new Map<string, string>();
      for (const p of site.people) {
        const uid = await upsertUser(tx, { email: p.email, name: p.name, passwordHash });
        userIds.set(p.email, uid);
        if (p.role === "student") await tx.insert(students).values({ creatorId, userId: uid });
        else await tx.insert(creatorMembers).values({ creatorId, userId: uid, role: p.role });
      }
      const courseIds = new Map<string, string>();
      for (const dc of site.courses) {
        const [course] = await tx
          .insert(courses)
          .values({
            creatorId,
            slug: dc.slug,
            title: dc.title,
            subtitle: dc.subtitle,
            status: dc.status,
            publishedAt: dc.status === "published" ? new Date() : null,
            description: dc.subtitle,
            ...(dc.salesPage ? { salesPage: { ...dc.salesPage, about: null } } : {}),
          })
          .returning();
        courseIds.set(dc.slug, course!.id);
        for (const [mi, m] of dc.modules.entries()) {
          const [mod] = await tx.insert(courseModules).values({ creatorId, courseId: course!.id, title: m.title, position: mi }).returning();
          for (const [li, l] of m.lessons.entries()) {
            await tx
              .insert(lessons)
              .values({
                creatorId,
                courseId: course!.id,
                moduleId: mod!.id,
                title: l.title,
                type: l.type ?? "text",
                position: li,
                status: dc.status === "published" ? "published" : "draft",
                isFreePreview: l.preview ?? false,
                ...lessonBody({ type: l.type ?? "text", html: l.html, quiz: l.quiz }),
              });
          }
        }
        if (dc.price !== undefined) {
          const [offer] = await tx
            .insert(offers)
            .values({ creatorId, name: dc.title, type: dc.price === 0 ? "free" : "one_time", status: "active" })
            .returning();
          await tx.insert(offerCourses).values({ creatorId, offerId: offer!.id, courseId: course!.id });
          await tx.insert(prices).values({ creatorId, offerId: offer!.id, currency: "usd", amount: dc.price });
        }
      }
      for (const e of site.enroll ?? []) {
        await tx.insert(enrollments).values({ creatorId, userId: userIds.get(e.email)!, courseId: courseIds.get(e.course)!, source: "manual" });
      }
      created.push(site.slug);
    });
    const [c] = await db.select({ id: creators.id, plan: creators.plan }).from(creators).where(eq(creators.slug, site.slug));
    if (c) await grantMonthlyCredits(systemScope(c.id), c.plan);
  }
  return { created };
}

/** Seeded lesson bodies go through the same render + sanitize path as the editor's saves. */
function lessonBody({ type, html, quiz }: { type: string; html?: string; quiz?: typeof DEMO_QUIZ }): {
  content: Record<string, unknown> | null;
  contentHtml: string | null;
} {
  if (type === "quiz") return { content: quiz ?? DEMO_QUIZ, contentHtml: null };
  if (type !== "text") return { content: null, contentHtml: null };
  const doc = htmlToRichText(html ?? "<p></p>");
  return { content: doc, contentHtml: renderRichText(doc).html };
}

import { AiError } from "../errors";
import { tokensIn } from "../prices";
import { SAMPLE_LESSON_BLOCKS, SAMPLE_LESSONS, SAMPLE_MODULES, SAMPLE_QUESTIONS } from "./sample-answers";
import type { StructuredRequest, StructuredResponse, TextProvider } from "./types";

type Vars = Record<string, unknown> & {
  brief?: { topic: string; modules: number; lessonsPerModule: number };
  topic?: string;
  modules?: number;
  lessonsPerModule?: number;
  outline?: { title: string; modules: { title: string; lessons: { title: string }[] }[] };
  moduleIndex?: number;
  lessonIndex?: number;
  part?: "module" | "lesson";
  count?: number;
  title?: string;
};

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => v[k] ?? "");
const deep = <T>(x: T, v: Record<string, string>): T => JSON.parse(JSON.stringify(x), (_k, val) => (typeof val === "string" ? fill(val, v) : val)) as T;

/** The recorded answer for a task, fitted to what was asked (the sizes of the brief, the titles of the outline). */
function answerFor(task: string, vars: Vars): unknown {
  const brief = vars.brief ?? (vars as Vars["brief"] & Vars);
  const topic = brief?.topic ?? "the subject";
  const outline = vars.outline;
  const m = outline?.modules[vars.moduleIndex ?? 0];
  const names = { topic, module: m?.title ?? topic, lesson: m?.lessons[vars.lessonIndex ?? 0]?.title ?? vars.title ?? topic };
  const lessons = (n: number, offset: number) => Array.from({ length: n }, (_, j) => SAMPLE_LESSONS[(j + offset) % SAMPLE_LESSONS.length]!);
  switch (task) {
    case "outline":
      return deep(
        {
          title: `${topic[0]!.toUpperCase()}${topic.slice(1)}: a practical course`,
          subtitle: "A step-by-step course from the first idea to your first project.",
          description: "This course takes you from the basics of {topic} to confident practice, one short lesson at a time.",
          modules: Array.from({ length: brief!.modules }, (_, i) => ({
            ...SAMPLE_MODULES[i % SAMPLE_MODULES.length]!,
            lessons: lessons(brief!.lessonsPerModule, i),
          })),
        },
        names,
      );
    case "outline_part":
      return vars.part === "module"
        ? deep(
            {
              title: `${m?.title ?? "Module"} (revised)`,
              summary: "A revised module, following the creator's note.",
              lessons: lessons(m?.lessons.length ?? 3, 3),
            },
            names,
          )
        : deep({ title: `${names.lesson} (revised)`, summary: "A revised lesson, following the creator's note." }, names);
    case "lesson":
      return { blocks: deep(SAMPLE_LESSON_BLOCKS, names) };
    case "quiz":
      return { questions: deep(SAMPLE_QUESTIONS.slice(0, Math.max(3, Math.min(vars.count ?? 4, SAMPLE_QUESTIONS.length))), names) };
    case "course_copy":
      return deep(
        {
          title: outline?.title ?? topic,
          subtitle: "Learn {topic} step by step, at your own pace.",
          description: "A complete, practical course on {topic}.\n\nShort lessons, worked examples and a quiz after every module.",
          outcomes: [
            "Explain the core ideas of {topic}",
            "Practise {topic} with confidence",
            "Avoid the most common mistakes",
            "Finish a first project of your own",
          ],
        },
        names,
      );
    case "cover_prompt":
      return { prompt: deep("A bright, minimal flat illustration about {topic}, soft shapes, no text.", names) };
    case "summary":
      return { summary: deep("This lesson introduces {lesson} and shows how to practise it.", names) };
    case "narration":
      return {
        script: deep("Welcome back. In this lesson we look at {lesson}. Let's start with why it matters, then try it together.", names),
        estimatedSeconds: 30,
      };
    default:
      throw new Error(`The sample provider has no recording for "${task}"`);
  }
}

/**
 * The labelled offline provider of the embedded demo: it replays recorded answers (never calls a model),
 * streamed in pieces like a real one, with token counts from the text's length so the credit meter runs.
 */
export function sampleProvider(options: { chunkDelayMs?: number } = {}): TextProvider {
  const delay = options.chunkDelayMs ?? 12;
  return {
    id: "sample",
    async structured(req: StructuredRequest): Promise<StructuredResponse> {
      const raw = JSON.stringify(answerFor(req.sampleHint?.task ?? "", (req.sampleHint?.vars ?? {}) as Vars));
      const pieces = Math.min(24, Math.max(4, Math.ceil(raw.length / 120)));
      const size = Math.ceil(raw.length / pieces);
      for (let i = size; i < raw.length + size; i += size) {
        if (req.signal?.aborted) throw new AiError("canceled", "Canceled.");
        if (delay) await new Promise((r) => setTimeout(r, delay));
        req.onDelta?.(raw.slice(0, Math.min(i, raw.length)));
      }
      return { raw, usage: { inputTokens: tokensIn(req.system + req.messages.map((m) => m.content).join("\n")), outputTokens: tokensIn(raw) }, stop: "done" };
    },
  };
}

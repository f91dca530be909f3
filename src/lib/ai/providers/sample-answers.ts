/**
 * The sample provider's recorded answers: what a model answered for a generic course, with the topic and
 * the titles put back in. They read sensibly for any subject but say nothing specific about it — the
 * wizard labels everything they make as sample content.
 */
export const SAMPLE_MODULES = [
  { title: "Getting started with {topic}", summary: "What {topic} is, why it matters, and the few tools you need to begin." },
  { title: "The core ideas of {topic}", summary: "The principles everything else in {topic} builds on, with simple examples." },
  { title: "Practising {topic} step by step", summary: "Guided exercises that turn the core ideas into habits." },
  { title: "Common mistakes in {topic} and how to fix them", summary: "What goes wrong most often, why, and the fixes that work." },
  { title: "Building your first {topic} project", summary: "Plan, make and review a complete small project from start to finish." },
  { title: "Taking {topic} further", summary: "Where to go next: advanced techniques, resources and a practice plan." },
];

export const SAMPLE_LESSONS = [
  { title: "Welcome and what you will learn", summary: "How the course works and what you will be able to do by the end." },
  { title: "Key terms explained", summary: "The vocabulary you will meet again and again, in plain words." },
  { title: "A first hands-on exercise", summary: "A short exercise to try the idea yourself straight away." },
  { title: "A worked example", summary: "One example followed from beginning to end, with the reasoning shown." },
  { title: "Checklist and recap", summary: "The points to remember, as a checklist to keep." },
  { title: "Going deeper", summary: "A closer look at the details that make the difference." },
  { title: "Putting it together", summary: "Combining what you have learnt so far in one piece of work." },
  { title: "Troubleshooting", summary: "What to do when it does not work the first time." },
  { title: "Practice session", summary: "A longer practice with feedback points." },
  { title: "Review and next steps", summary: "What you covered and how to keep improving." },
];

export const SAMPLE_LESSON_BLOCKS = [
  {
    type: "paragraph",
    text: "In this lesson you will work through **{lesson}**, one of the building blocks of {topic}. Take your time: understanding beats speed.",
  },
  { type: "heading", text: "Why it matters" },
  { type: "paragraph", text: "Most people who struggle with {topic} skipped this step. Getting it right early makes everything that follows easier." },
  { type: "heading", text: "Step by step" },
  {
    type: "numbered",
    items: [
      "Read the idea once, without taking notes.",
      "Try it on a small example of your own.",
      "Compare your result with the worked example below.",
      "Write down one thing you would do differently.",
    ],
  },
  { type: "callout", tone: "tip", text: "Keep your first attempts small. A small example you finish teaches more than a big one you abandon." },
  { type: "heading", text: "Worked example" },
  { type: "paragraph", text: "Here is {lesson} applied to a typical case. Notice how each step answers one question before moving on to the next." },
  { type: "bullets", items: ["Start from what you already know.", "Change one thing at a time.", "Check the result before the next step."] },
  { type: "heading", text: "Recap" },
  { type: "paragraph", text: "You have seen what {lesson} is, why it matters in {topic}, and how to practise it. In the next lesson you will build on it." },
];

export const SAMPLE_QUESTIONS = [
  {
    type: "single",
    prompt: "What is the best first step when practising {module}?",
    options: ["Start with a small example", "Start with the hardest case", "Skip the basics"],
    correct: [0],
  },
  { type: "true_false", prompt: "Changing one thing at a time makes it easier to see what worked.", answer: true },
  {
    type: "multiple",
    prompt: "Which of these habits help you learn {topic}? (Choose all that apply.)",
    options: ["Checking each result", "Comparing with a worked example", "Never reviewing your work"],
    correct: [0, 1],
  },
  {
    type: "single",
    prompt: "Why do the lessons end with a recap?",
    options: ["To fix the key points in memory", "To fill time", "To replace practice"],
    correct: [0],
  },
  { type: "true_false", prompt: "Skipping the first module makes the rest of {topic} easier.", answer: false },
];

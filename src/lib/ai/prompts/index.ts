import { courseCopyTemplate, coverPromptTemplate, outlinePartTemplate, outlineTemplate } from "./course";
import { lessonTemplate, narrationTemplate, quizTemplate, summaryTemplate } from "./lesson";

/** Every prompt template, by id (the list the tests and the run records refer to). */
export const TEMPLATES = [
  outlineTemplate,
  outlinePartTemplate,
  lessonTemplate,
  quizTemplate,
  courseCopyTemplate,
  coverPromptTemplate,
  summaryTemplate,
  narrationTemplate,
];

export { courseCopyTemplate, coverPromptTemplate, lessonTemplate, narrationTemplate, outlinePartTemplate, outlineTemplate, quizTemplate, summaryTemplate };
export const templateRef = (t: { id: string; version: number }) => `${t.id}@${t.version}`;

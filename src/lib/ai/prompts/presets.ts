import { z } from "zod";

/**
 * The choices a creator makes in the brief, each with the words the prompts use for it. Shared by the
 * wizard (labels) and the templates (instructions); the lists come from here, nowhere else.
 */
export const TONES = {
  friendly: { label: "Friendly", prompt: "warm and encouraging, speaking directly to the learner as “you”" },
  professional: { label: "Professional", prompt: "clear, confident and businesslike" },
  academic: { label: "Academic", prompt: "precise and rigorous, defining terms and citing principles" },
  playful: { label: "Playful", prompt: "light-hearted and lively, with everyday examples and a little humour" },
  motivational: { label: "Motivational", prompt: "energising and action-oriented, celebrating progress" },
} as const;

export const STYLES = {
  practical: { label: "Step by step", prompt: "practical and hands-on: numbered steps, worked examples, a short exercise per lesson" },
  story: { label: "Story-driven", prompt: "built around a running example or case study that develops lesson by lesson" },
  concise: { label: "Concise", prompt: "brief and scannable: short paragraphs, key points in lists, no filler" },
  socratic: { label: "Question-led", prompt: "opening each idea with a question for the learner to think about before explaining it" },
} as const;

export const LEVELS = {
  beginner: { label: "Beginner", prompt: "complete beginners: assume no prior knowledge and explain every term" },
  intermediate: { label: "Intermediate", prompt: "learners who know the basics and want to go further" },
  advanced: { label: "Advanced", prompt: "experienced practitioners: skip the basics, go deep" },
} as const;

export const AUDIENCE_PRESETS = [
  "Complete beginners",
  "Hobbyists",
  "Working professionals",
  "Students",
  "Small-business owners",
  "Managers and team leads",
] as const;

/** Output languages (BCP 47 → the language's own name, which is also how the prompt names it). */
export const LANGUAGES = {
  en: "English",
  es: "Español",
  fr: "Français",
  de: "Deutsch",
  it: "Italiano",
  pt: "Português",
  nl: "Nederlands",
  pl: "Polski",
  sv: "Svenska",
  ja: "日本語",
  ko: "한국어",
  zh: "中文",
} as const;

export type Tone = keyof typeof TONES;
export type Style = keyof typeof STYLES;
export type Level = keyof typeof LEVELS;
export type Language = keyof typeof LANGUAGES;

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
export const toneSchema = z.enum(keys(TONES));
export const styleSchema = z.enum(keys(STYLES));
export const levelSchema = z.enum(keys(LEVELS));
export const languageSchema = z.enum(keys(LANGUAGES));

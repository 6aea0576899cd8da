/** The course's languages: what a lesson, a self-check or a figure can speak. */
export type Lang = 'en' | 'es';

/** Every course language, English first. */
export const LANGS: readonly Lang[] = ['en', 'es'];

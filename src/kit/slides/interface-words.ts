import { inLang, type Bilingual, type Lang } from '../lang.js';

/** The words a deck or the course site shows around the lesson's own text. */
export interface InterfaceWords {
  lesson: string;
  objectives: string;
  /** "45 min" in the lesson's language. */
  minutes: (minutes: number) => string;
  references: string;
  questions: string;
  output: string;
  error: string;
  notes: string;
  theme: string;
  slides: string;
  /** The lesson's starter to download: its notebooks, the library and the setup, as a zip. */
  starter: string;
  /** The lesson as a web page: the student notebook with the outputs of its examples. */
  readLesson: string;
  solutions: string;
  courseTitle: string;
  language: string;
  notExecuted: string;
  backToLessons: string;
  pdf: string;
  /** The last line of a cut output: how many lines the notebook has beyond it. */
  moreLines: (count: number) => string;
}

const WORDS: Bilingual<InterfaceWords> = {
  en: {
    lesson: 'Lesson',
    objectives: 'Objectives',
    minutes: (minutes) => `${minutes} min`,
    references: 'References',
    questions: 'Questions?',
    output: 'Output',
    error: 'Error',
    notes: 'Speaker notes',
    theme: 'Light or dark theme (T)',
    slides: 'Slides',
    starter: 'Starter: the notebooks, the library and how to run them (.zip)',
    readLesson: 'Read the lesson',
    solutions: 'Solutions, executed, with outputs',
    courseTitle: 'Network sockets in TypeScript',
    language: 'Español',
    notExecuted: "Not executed yet: run 'socketbook build' to see the outputs",
    backToLessons: 'All lessons',
    pdf: 'Slides as PDF',
    moreLines: (count) => `… (${count} more lines in the notebook)`,
  },
  es: {
    lesson: 'Lección',
    objectives: 'Objetivos',
    minutes: (minutes) => `${minutes} min`,
    references: 'Referencias',
    questions: '¿Preguntas?',
    output: 'Salida',
    error: 'Error',
    notes: 'Notas del ponente',
    theme: 'Tema claro u oscuro (T)',
    slides: 'Diapositivas',
    starter: 'Para empezar: los cuadernos, la biblioteca y cómo ejecutarlos (.zip)',
    readLesson: 'Leer la lección',
    solutions: 'Soluciones, ejecutadas, con salidas',
    courseTitle: 'Sockets de red en TypeScript',
    language: 'English',
    notExecuted: "Aún sin ejecutar: ejecuta 'socketbook build' para ver las salidas",
    backToLessons: 'Todas las lecciones',
    pdf: 'Diapositivas en PDF',
    moreLines: (count) => `… (${count} líneas más en el cuaderno)`,
  },
};

/**
 * The interface words of a language.
 *
 * @example
 * interfaceWords('es').objectives; // 'Objetivos'
 */
export function interfaceWords(lang: Lang): InterfaceWords {
  return inLang(WORDS, lang);
}

/** The parts of nbformat 4.5 that socketbook reads and writes. */
import type { SlideType } from '../lesson/lesson.js';

export type { SlideType } from '../lesson/lesson.js';

export type MultilineString = string | string[];

/** nbgrader schema 3 cell metadata. */
export interface NbgraderMetadata {
  schema_version: 3;
  grade: boolean;
  solution: boolean;
  locked: boolean;
  grade_id: string;
  points?: number;
  task?: boolean;
  checksum?: string;
  cell_type?: 'code' | 'markdown';
}

export interface CellMetadata {
  slideshow?: { slide_type: SlideType };
  nbgrader?: NbgraderMetadata;
  /** socketbook's own per-cell metadata (what the Markdown source needs for a round trip). */
  socketbook?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: MultilineString;
}

export interface DisplayDataOutput {
  output_type: 'display_data';
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface ExecuteResultOutput {
  output_type: 'execute_result';
  execution_count: number | null;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface MarkdownCell {
  cell_type: 'markdown';
  id: string;
  metadata: CellMetadata;
  source: MultilineString;
  attachments?: Record<string, unknown>;
}

export interface CodeCell {
  cell_type: 'code';
  id: string;
  metadata: CellMetadata;
  source: MultilineString;
  execution_count: number | null;
  outputs: Output[];
}

export interface RawCell {
  cell_type: 'raw';
  id: string;
  metadata: CellMetadata;
  source: MultilineString;
}

export type Cell = MarkdownCell | CodeCell | RawCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: {
    kernelspec?: { name: string; display_name: string; language?: string };
    language_info?: Record<string, unknown>;
    socketbook?: Record<string, unknown>;
    [key: string]: unknown;
  };
  cells: Cell[];
}

/** Joins a multiline string as nbformat stores it (a string or a list of lines) into one string. */
export function joinSource(source: MultilineString): string {
  return Array.isArray(source) ? source.join('') : source;
}

/** Splits text into nbformat's list of lines, each keeping its newline, as Jupyter writes them. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

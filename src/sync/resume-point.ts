import { FIRST_PAGE, isPageRef, type PageRef } from '../github/paging.ts';

/** Where one stream of an interrupted first sync stands. */
export interface StreamResume {
  /** The stream's parameters when it was read (a different plan starts the stream again). */
  params: string;
  /** The first page not known to be written; null: the stream was read to its end. */
  next: PageRef | null;
  /** Pages written before `next`. */
  pages: number;
  /** GitHub's clock at the stream's first answer (the pass's watermark comes from it). */
  firstAnswerAt: number | null;
}

/**
 * Where an interrupted first sync of an organization stands, saved with its progress
 * (organizations.full_resume), so that the next pass reads on from there rather than from page
 * 1: at a million alerts a first sync is hours of a credential's budget.
 */
export interface ResumePoint {
  /** Time spent reading so far, so that the resumed pass's ETA follows the pace of the reading. */
  activeMs: number;
  streams: Record<string, StreamResume>;
}

export function parseResumePoint(text: string | null): ResumePoint | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as ResumePoint;
    if (typeof value.activeMs !== 'number' || typeof value.streams !== 'object' || value.streams === null) return null;
    for (const stream of Object.values(value.streams)) {
      if (typeof stream.params !== 'string' || typeof stream.pages !== 'number' || (stream.next !== null && !isPageRef(stream.next))) return null;
    }
    return value;
  } catch {
    return null;
  }
}

/**
 * One stream's position while its pages are written in any order: numbered pages fan out, so
 * the position is the end of the run of pages written from the start (later pages already
 * written are read again on resume: writing a page twice changes nothing).
 */
export class StreamPosition {
  private readonly written = new Set<number>();
  private resume: StreamResume;

  constructor(
    params: string,
    resumed: StreamResume | undefined,
  ) {
    this.resume = resumed?.params === params ? resumed : { params, next: FIRST_PAGE, pages: 0, firstAnswerAt: null };
  }

  /** Where reading starts: null when the stream was read to its end before. */
  get start(): PageRef | null {
    return this.resume.next;
  }

  get pagesBefore(): number {
    return this.resume.pages;
  }

  get firstAnswerAt(): number | null {
    return this.resume.firstAnswerAt;
  }

  answered(date: number | null): void {
    this.resume = { ...this.resume, firstAnswerAt: this.resume.firstAnswerAt ?? date };
  }

  /** Numbered page `page` is written. */
  pageWritten(page: number): void {
    this.written.add(page);
    let next = this.resume.next?.kind === 'page' ? this.resume.next.page : 1;
    let pages = this.resume.pages;
    while (this.written.has(next)) {
      this.written.delete(next);
      next += 1;
      pages += 1;
    }
    this.resume = { ...this.resume, next: { kind: 'page', page: next }, pages };
  }

  /** A cursor page is written; `next` is the page after it (null: the last). */
  cursorPageWritten(next: PageRef | null): void {
    this.resume = { ...this.resume, next, pages: this.resume.pages + 1 };
  }

  /** The stream was read to its end. */
  finished(): void {
    this.resume = { ...this.resume, next: null };
  }

  get state(): StreamResume {
    return this.resume;
  }
}

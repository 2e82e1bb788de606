import Link from 'next/link';

/** The wordmark: a one-line face doodle and the name. */
export function Logo() {
  return (
    <Link href="/" className="group inline-flex items-center gap-2.5 font-display text-xl font-semibold tracking-tight">
      <svg viewBox="0 0 32 32" className="size-8 text-ink transition-transform group-hover:-rotate-6" aria-hidden>
        <path d="M16 3.5c-6.6 0-11 5.3-11 12.2C5 23 9.8 28.5 16 28.5s11-5.5 11-12.8C27 8.8 22.6 3.5 16 3.5Z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        <path d="M11 13.5c.8-.8 2-.8 2.8 0M18.2 13.5c.8-.8 2-.8 2.8 0M15.6 15.5l-.9 4.2h2M12.2 22.4c2.3 1.6 5.3 1.6 7.6 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="25.5" cy="6.5" r="3" className="fill-accent" />
      </svg>
      Facesketch
    </Link>
  );
}

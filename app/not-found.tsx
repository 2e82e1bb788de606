import Link from 'next/link';
import { Logo } from './logo';

export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="mx-auto w-full max-w-6xl px-6 py-6">
        <Logo />
      </header>
      <main className="mx-auto flex w-full max-w-xl flex-1 flex-col items-start justify-center gap-6 px-6 pb-24">
        <p className="font-display text-sm text-accent italic">404</p>
        <h1 className="font-display text-4xl font-medium tracking-tight sm:text-5xl">This page wandered off the canvas.</h1>
        <p className="text-lg leading-relaxed text-ink-soft">
          The sketch or page you are looking for does not exist — the link may be mistyped, or the room was never created.
        </p>
        <Link href="/" className="rounded-full bg-ink px-5 py-2.5 font-medium text-paper transition hover:bg-accent-deep">
          Back to the start
        </Link>
      </main>
    </div>
  );
}

import Link from 'next/link';
import { Logo } from './logo';
import { NewSketchButton } from './new-sketch-button';

const FEATURES = [
  {
    title: 'Draw together, live',
    body: 'Share a link and sketch on the same page at once. Every stroke appears for everyone the moment it lands.',
  },
  {
    title: 'Lines become a face',
    body: 'A sketch-to-face network redraws the portrait on every change, so you watch your doodle take on a life.',
  },
  {
    title: 'Twelve dials of character',
    body: 'Smile, age, glasses, bangs, a beard… nudge twelve attribute sliders and the face follows without a redraw.',
  },
];

const SLIDERS = [
  ['Smiling', 0.72],
  ['Young', 0.4],
  ['Eyeglasses', 0.15],
  ['Bangs', 0.58],
] as const;

/** The product in one picture: a sketch, the face rendered from it, and the attribute sliders. */
function StudioPreview() {
  return (
    <div className="relative mx-auto w-full max-w-xl">
      <div className="absolute -inset-6 -z-10 rounded-[2.5rem] bg-accent/10 blur-2xl" aria-hidden />
      <div className="grid grid-cols-2 gap-3 rounded-3xl border border-line bg-white/70 p-3 shadow-[0_30px_60px_-30px_rgba(29,27,24,0.35)] backdrop-blur">
        <div className="relative aspect-square rounded-2xl bg-paper [background-image:radial-gradient(var(--color-line)_1px,transparent_1px)] [background-size:14px_14px]">
          <svg viewBox="0 0 200 200" className="absolute inset-0 size-full text-ink" aria-hidden>
            <g fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
              <path d="M100 28c-34 0-56 27-56 63 0 40 24 78 56 78s56-38 56-78c0-36-22-63-56-63Z" />
              <path d="M46 84c10-30 34-46 60-44 24 2 42 18 50 42-20-14-42-20-66-12-16 5-30 10-44 14Z" />
              <path d="M70 98c6-5 14-5 20 0M110 98c6-5 14-5 20 0" />
              <path d="M76 104c3 2 7 2 10 0M114 104c3 2 7 2 10 0" strokeWidth="1.6" />
              <path d="M100 106c-2 10-5 18-9 24 5 2 11 2 16 0" />
              <path d="M84 142c10 7 22 7 32 0" />
            </g>
            <circle cx="163" cy="40" r="5" className="fill-accent" />
          </svg>
          <span className="absolute bottom-2 left-2 rounded-full bg-white/90 px-2 py-0.5 text-[11px] font-medium text-ink-soft">3 people drawing</span>
        </div>
        <div className="relative aspect-square overflow-hidden rounded-2xl bg-[radial-gradient(circle_at_50%_40%,#f0c6a8_0%,#d99a78_35%,#6b4a3a_70%,#2c2420_100%)]">
          <div className="absolute inset-x-[22%] top-[16%] h-[58%] rounded-[48%] bg-[radial-gradient(circle_at_50%_45%,#f6d2b8,#e0a686_70%)] opacity-90 blur-[2px]" />
          <div className="absolute inset-x-[18%] top-[8%] h-[26%] rounded-t-full bg-[#3a2a22] blur-[3px]" />
          <span className="absolute bottom-2 left-2 rounded-full bg-black/45 px-2 py-0.5 text-[11px] font-medium text-white">live render</span>
        </div>
        <ul className="col-span-2 grid grid-cols-2 gap-x-6 gap-y-2 px-2 pt-1 pb-2 text-[11px] text-ink-soft">
          {SLIDERS.map(([name, value]) => (
            <li key={name} className="flex items-center gap-2">
              <span className="w-16 shrink-0">{name}</span>
              <span className="relative h-1 flex-1 rounded-full bg-line">
                <span className="absolute inset-y-0 left-0 rounded-full bg-ink" style={{ width: `${value * 100}%` }} />
                <span className="absolute top-1/2 size-3 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-ink bg-white" style={{ left: `${value * 100}%` }} />
              </span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export default function LandingPage() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="mx-auto flex w-full max-w-6xl items-center justify-between px-6 py-6">
        <Logo />
        <nav className="flex items-center gap-6 text-sm font-medium text-ink-soft">
          <Link href="/gallery" className="hover:text-ink">
            Gallery
          </Link>
          <a href="#how" className="hover:text-ink">
            How it works
          </a>
        </nav>
      </header>

      <main className="flex-1">
        <section className="mx-auto grid w-full max-w-6xl items-center gap-14 px-6 pt-10 pb-20 lg:grid-cols-[1.05fr_1fr] lg:pt-16">
          <div className="flex flex-col gap-7">
            <p className="w-fit rounded-full border border-line bg-white/60 px-3 py-1 text-xs font-medium tracking-wide text-ink-soft uppercase">
              A collaborative sketchpad with a neural twist
            </p>
            <h1 className="font-display text-5xl leading-[1.02] font-medium tracking-tight text-balance sm:text-6xl">
              Draw a face together. <em className="text-accent">Watch it come alive.</em>
            </h1>
            <p className="max-w-lg text-lg leading-relaxed text-ink-soft">
              Start a page, send the link, and sketch with friends in real time. A model trained on thousands of portraits turns your
              lines into a face as you draw — then tune its character with a handful of sliders.
            </p>
            <div className="flex flex-wrap items-center gap-5">
              <NewSketchButton />
              <span className="text-sm text-ink-soft">No account needed. Anyone with your link can join.</span>
            </div>
          </div>
          <StudioPreview />
        </section>

        <section id="how" className="border-t border-line bg-paper-deep/60">
          <div className="mx-auto grid w-full max-w-6xl gap-10 px-6 py-16 md:grid-cols-3">
            {FEATURES.map((feature, i) => (
              <article key={feature.title} className="flex flex-col gap-3">
                <span className="font-display text-sm text-accent italic">0{i + 1}</span>
                <h2 className="font-display text-2xl font-medium tracking-tight">{feature.title}</h2>
                <p className="leading-relaxed text-ink-soft">{feature.body}</p>
              </article>
            ))}
          </div>
        </section>
      </main>

      <footer className="mx-auto flex w-full max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-8 text-sm text-ink-soft">
        <span>Facesketch — sketches in, faces out.</span>
        <span>Faces are generated; they are nobody in particular.</span>
      </footer>
    </div>
  );
}

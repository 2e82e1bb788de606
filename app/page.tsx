import Link from 'next/link';
import { Logo } from './logo';
import { STARTERS } from '@/lib/studio/starters';
import { NewSketchButton } from './new-sketch-button';
import { StarterFace } from './starter-face';
import { SketchSvg } from './studio/sketch-svg';

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

/** The product in one picture: starter sketches and the faces the shipped model renders from them. */
function StudioPreview() {
  const [hero, ...others] = STARTERS;
  return (
    <div className="relative mx-auto w-full max-w-xl" data-testid="landing-preview">
      <div className="absolute -inset-6 -z-10 rounded-[2.5rem] bg-accent/10 blur-2xl" aria-hidden />
      <div className="grid grid-cols-2 gap-3 rounded-3xl border border-line bg-white/70 p-3 shadow-[0_30px_60px_-30px_rgba(29,27,24,0.35)] backdrop-blur">
        <div className="relative aspect-square overflow-hidden rounded-2xl">
          <SketchSvg strokes={hero!.strokes} className="size-full" />
          <span className="absolute bottom-2 left-2 rounded-full bg-paper-deep px-2 py-0.5 text-[11px] font-medium text-ink-soft">the sketch</span>
        </div>
        <div className="relative aspect-square overflow-hidden rounded-2xl">
          <StarterFace name={hero!.name} title={hero!.title} className="size-full" />
          <span className="absolute bottom-2 left-2 rounded-full bg-black/55 px-2 py-0.5 text-[11px] font-medium text-white">the model’s face</span>
        </div>
        {others.map((starter) => (
          <div key={starter.name} className="grid grid-cols-2 gap-1.5">
            <SketchSvg strokes={starter.strokes} className="aspect-square w-full rounded-xl border border-line" />
            <StarterFace name={starter.name} title={starter.title} className="aspect-square w-full rounded-xl" />
          </div>
        ))}
      </div>
      <p className="mt-3 text-center text-xs text-ink-soft">Real output: these faces are rendered by the shipped model from the sketches beside them.</p>
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
                <span className="font-display text-sm text-accent-deep italic">0{i + 1}</span>
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
